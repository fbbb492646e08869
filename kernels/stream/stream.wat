;; STREAM copy and triad over fp32 arrays in the imported memory, 128-bit SIMD, four vectors (64 bytes)
;; per iteration, then scalars for the tail. Offsets are bytes, counts are elements. `part` of `parts`
;; threads takes a contiguous share of the elements, cut at multiples of 16 (one 64-byte line).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The first element of part `p` of `parts` over `n` elements, a multiple of 16 (or n).
  (func $bound (param $n i32) (param $p i32) (param $parts i32) (result i32)
    (local $lines i32) (local $at i32)
    (local.set $lines (i32.shr_u (i32.add (local.get $n) (i32.const 15)) (i32.const 4)))
    (local.set $at
      (i32.shl
        (i32.wrap_i64 (i64.div_u
          (i64.mul (i64.extend_i32_u (local.get $lines)) (i64.extend_i32_u (local.get $p)))
          (i64.extend_i32_u (local.get $parts))))
        (i32.const 4)))
    (select (local.get $n) (local.get $at) (i32.gt_u (local.get $at) (local.get $n))))

  (func (export "copy") (param $a i32) (param $c i32) (param $n i32) (param $part i32) (param $parts i32)
    (local $from i32) (local $to i32)
    (local.set $from (call $bound (local.get $n) (local.get $part) (local.get $parts)))
    (local.set $to (call $bound (local.get $n) (i32.add (local.get $part) (i32.const 1)) (local.get $parts)))
    (call $copy_range
      (i32.add (local.get $a) (i32.shl (local.get $from) (i32.const 2)))
      (i32.add (local.get $c) (i32.shl (local.get $from) (i32.const 2)))
      (i32.sub (local.get $to) (local.get $from))))

  (func (export "triad") (param $b i32) (param $c i32) (param $a i32) (param $n i32) (param $s f32)
    (param $part i32) (param $parts i32)
    (local $from i32) (local $to i32) (local $off i32)
    (local.set $from (call $bound (local.get $n) (local.get $part) (local.get $parts)))
    (local.set $to (call $bound (local.get $n) (i32.add (local.get $part) (i32.const 1)) (local.get $parts)))
    (local.set $off (i32.shl (local.get $from) (i32.const 2)))
    (call $triad_range
      (i32.add (local.get $b) (local.get $off))
      (i32.add (local.get $c) (local.get $off))
      (i32.add (local.get $a) (local.get $off))
      (i32.sub (local.get $to) (local.get $from))
      (local.get $s)))

  ;; c[i] = a[i] for i in [0, n)
  (func $copy_range (param $a i32) (param $c i32) (param $n i32)
    (local $i i32) (local $end i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end (i32.and (local.get $bytes) (i32.const -64)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store offset=0 (i32.add (local.get $c) (local.get $i))
          (v128.load offset=0 (i32.add (local.get $a) (local.get $i))))
        (v128.store offset=16 (i32.add (local.get $c) (local.get $i))
          (v128.load offset=16 (i32.add (local.get $a) (local.get $i))))
        (v128.store offset=32 (i32.add (local.get $c) (local.get $i))
          (v128.load offset=32 (i32.add (local.get $a) (local.get $i))))
        (v128.store offset=48 (i32.add (local.get $c) (local.get $i))
          (v128.load offset=48 (i32.add (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $vec)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $bytes)))
        (f32.store (i32.add (local.get $c) (local.get $i))
          (f32.load (i32.add (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))

  ;; a[i] = b[i] + s * c[i] for i in [0, n)
  (func $triad_range (param $b i32) (param $c i32) (param $a i32) (param $n i32) (param $s f32)
    (local $i i32) (local $end i32) (local $bytes i32) (local $vs v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end (i32.and (local.get $bytes) (i32.const -64)))
    (local.set $vs (f32x4.splat (local.get $s)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store offset=0 (i32.add (local.get $a) (local.get $i))
          (f32x4.add (v128.load offset=0 (i32.add (local.get $b) (local.get $i)))
            (f32x4.mul (local.get $vs) (v128.load offset=0 (i32.add (local.get $c) (local.get $i))))))
        (v128.store offset=16 (i32.add (local.get $a) (local.get $i))
          (f32x4.add (v128.load offset=16 (i32.add (local.get $b) (local.get $i)))
            (f32x4.mul (local.get $vs) (v128.load offset=16 (i32.add (local.get $c) (local.get $i))))))
        (v128.store offset=32 (i32.add (local.get $a) (local.get $i))
          (f32x4.add (v128.load offset=32 (i32.add (local.get $b) (local.get $i)))
            (f32x4.mul (local.get $vs) (v128.load offset=32 (i32.add (local.get $c) (local.get $i))))))
        (v128.store offset=48 (i32.add (local.get $a) (local.get $i))
          (f32x4.add (v128.load offset=48 (i32.add (local.get $b) (local.get $i)))
            (f32x4.mul (local.get $vs) (v128.load offset=48 (i32.add (local.get $c) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $vec)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $bytes)))
        (f32.store (i32.add (local.get $a) (local.get $i))
          (f32.add (f32.load (i32.add (local.get $b) (local.get $i)))
            (f32.mul (local.get $s) (f32.load (i32.add (local.get $c) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))
)
