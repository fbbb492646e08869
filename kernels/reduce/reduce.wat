;; reduce-sum over fp32 in the imported memory, 128-bit SIMD. Offsets are bytes, counts are elements.
;; Two levels, like the other backends: eight f32x4 accumulators (32 lanes, eight independent add chains to
;; hide the add latency) sum one block of 4096 elements, 128 adds per lane; each block's sum is folded into
;; a ninth f32x4. Every lane thus adds at most 128 + n / 4096 terms, which keeps the fp32 rounding error of
;; n = 2^24 inside the kernel's tolerance (2 eps sqrt(n)) even in the worst case. Scalars for the tail.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Bytes of one block: 4096 fp32.
  (global $BLOCK_BYTES i32 (i32.const 16384))

  ;; out[0] = a[0] + ... + a[n - 1]
  (func (export "sum") (param $a i32) (param $out i32) (param $n i32)
    (local $p i32) (local $vecEnd i32) (local $end i32) (local $blockEnd i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local $total v128) (local $sum f32) (local $tail f32)
    (local.set $p (local.get $a))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    ;; Whole 128-byte steps (eight vectors).
    (local.set $vecEnd
      (i32.add (local.get $a) (i32.and (i32.shl (local.get $n) (i32.const 2)) (i32.const -128))))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $vecEnd)))
        ;; blockEnd = p + min(BLOCK_BYTES, vecEnd - p): a multiple of 128 bytes past p, at least one step.
        (local.set $blockEnd
          (i32.add (local.get $p)
            (select (global.get $BLOCK_BYTES) (i32.sub (local.get $vecEnd) (local.get $p))
              (i32.lt_u (global.get $BLOCK_BYTES) (i32.sub (local.get $vecEnd) (local.get $p))))))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0))
        (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $s4 (v128.const i32x4 0 0 0 0))
        (local.set $s5 (v128.const i32x4 0 0 0 0))
        (local.set $s6 (v128.const i32x4 0 0 0 0))
        (local.set $s7 (v128.const i32x4 0 0 0 0))
        (loop $step
          (local.set $s0 (f32x4.add (local.get $s0) (v128.load offset=0 (local.get $p))))
          (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $p))))
          (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $p))))
          (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $p))))
          (local.set $s4 (f32x4.add (local.get $s4) (v128.load offset=64 (local.get $p))))
          (local.set $s5 (f32x4.add (local.get $s5) (v128.load offset=80 (local.get $p))))
          (local.set $s6 (f32x4.add (local.get $s6) (v128.load offset=96 (local.get $p))))
          (local.set $s7 (f32x4.add (local.get $s7) (v128.load offset=112 (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 128)))
          (br_if $step (i32.lt_u (local.get $p) (local.get $blockEnd))))
        (local.set $total
          (f32x4.add (local.get $total)
            (f32x4.add
              (f32x4.add (f32x4.add (local.get $s0) (local.get $s1)) (f32x4.add (local.get $s2) (local.get $s3)))
              (f32x4.add (f32x4.add (local.get $s4) (local.get $s5)) (f32x4.add (local.get $s6) (local.get $s7))))))
        (br $blocks)))
    (local.set $sum
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $total)) (f32x4.extract_lane 2 (local.get $total)))
        (f32.add (f32x4.extract_lane 1 (local.get $total)) (f32x4.extract_lane 3 (local.get $total)))))
    ;; The tail: fewer than 32 elements.
    (block $tail_done
      (loop $tail_step
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $tail (f32.add (local.get $tail) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $tail_step)))
    (f32.store (local.get $out) (f32.add (local.get $sum) (local.get $tail))))
)
