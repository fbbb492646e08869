;; Row-wise softmax over fp32 in the imported memory, 128-bit SIMD. Offsets are bytes, counts are elements.
;; Per row, three sweeps like the other backends: the row max (four f32x4 accumulators), then
;; e = exp(x - max) stored to the output and summed (`exp_sum`), then the output scaled by 1 / sum. A row is
;; read from memory once and then hits the cache. Scalars for the max and scale tails (cols % 4).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; dst[i] = exp(src[i] - max) for i in [0, n), and returns the sum of those (src may be dst). Also used
  ;; by attention.wat (imported), so exp is written once. WebAssembly has no exp instruction: per f32x4,
  ;; n = round(x log2 e), r = x - n ln 2 (ln 2 in two parts, Cody-Waite, so r is exact), exp(r) by Cephes'
  ;; expf polynomial (degree 6 on [-ln 2 / 2, ln 2 / 2]; about 1 ulp), times 2^n built in the exponent bits.
  ;; x below -87.33654 (ln of the smallest normal fp32) gives 0, -inf included; x above 88 is taken as 88
  ;; (softmax has x - max <= 0). The n % 4 tail runs through the same code as one vector padded with -inf.
  (func $exp_sum (export "exp_sum") (param $src i32) (param $dst i32) (param $n i32) (param $max f32)
    (result f32)
    (local $p i32) (local $bytes i32) (local $vecEnd i32) (local $end i32) (local $rest i32)
    (local $mv v128) (local $x v128) (local $under v128) (local $t v128) (local $k v128) (local $r v128)
    (local $e v128) (local $sum v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $end (i32.and (i32.add (local.get $bytes) (i32.const 15)) (i32.const -16)))
    (local.set $mv (f32x4.splat (local.get $max)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (if (i32.lt_u (local.get $p) (local.get $vecEnd))
          (then (local.set $x (v128.load (i32.add (local.get $src) (local.get $p)))))
          (else
            ;; The last 1-3 values, -inf past them.
            (local.set $rest (i32.sub (local.get $bytes) (local.get $p)))
            (local.set $x
              (f32x4.replace_lane 0 (v128.const f32x4 -inf -inf -inf -inf)
                (f32.load (i32.add (local.get $src) (local.get $p)))))
            (if (i32.gt_u (local.get $rest) (i32.const 4))
              (then
                (local.set $x
                  (f32x4.replace_lane 1 (local.get $x) (f32.load offset=4 (i32.add (local.get $src) (local.get $p)))))))
            (if (i32.gt_u (local.get $rest) (i32.const 8))
              (then
                (local.set $x
                  (f32x4.replace_lane 2 (local.get $x) (f32.load offset=8 (i32.add (local.get $src) (local.get $p)))))))))
        (local.set $x (f32x4.sub (local.get $x) (local.get $mv)))
        (local.set $under (f32x4.lt (local.get $x) (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654)))
        (local.set $x
          (f32x4.pmin (v128.const f32x4 88 88 88 88)
            (f32x4.pmax (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654) (local.get $x))))
        ;; t = x log2 e + 1.5 2^23 rounds x log2 e to the nearest integer k and leaves k in t's low bits.
        (local.set $t
          (f32x4.add
            (f32x4.mul (local.get $x)
              (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
            (v128.const f32x4 12582912 12582912 12582912 12582912)))
        (local.set $k (f32x4.sub (local.get $t) (v128.const f32x4 12582912 12582912 12582912 12582912)))
        ;; ln 2 = 0.693359375 - 2.12194440e-4; k 0.693359375 is exact (8 + 9 significant bits).
        (local.set $r
          (f32x4.sub
            (f32x4.sub (local.get $x)
              (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
            (f32x4.mul (local.get $k)
              (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
        (local.set $e
          (f32x4.add (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)
            (f32x4.mul (local.get $r)
              (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))))
        (local.set $e
          (f32x4.add (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)
            (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e
          (f32x4.add (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)
            (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e
          (f32x4.add (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)
            (f32x4.mul (local.get $r) (local.get $e))))
        (local.set $e
          (f32x4.add (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)
            (f32x4.mul (local.get $r) (local.get $e))))
        ;; exp(r) = 1 + r + r^2 e, times 2^k: k + 127 in the exponent field (k in [-126, 127]; t's bits
        ;; shifted left by 23 keep exactly k's); 0 where x was below the range.
        (local.set $e
          (v128.andnot
            (f32x4.mul
              (f32x4.add (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r))
                (f32x4.mul (f32x4.mul (local.get $r) (local.get $r)) (local.get $e)))
              (i32x4.shl (i32x4.add (local.get $t) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
            (local.get $under)))
        (if (i32.lt_u (local.get $p) (local.get $vecEnd))
          (then (v128.store (i32.add (local.get $dst) (local.get $p)) (local.get $e)))
          (else
            (f32.store (i32.add (local.get $dst) (local.get $p)) (f32x4.extract_lane 0 (local.get $e)))
            (if (i32.gt_u (local.get $rest) (i32.const 4))
              (then
                (f32.store offset=4 (i32.add (local.get $dst) (local.get $p)) (f32x4.extract_lane 1 (local.get $e)))))
            (if (i32.gt_u (local.get $rest) (i32.const 8))
              (then
                (f32.store offset=8 (i32.add (local.get $dst) (local.get $p)) (f32x4.extract_lane 2 (local.get $e)))))))
        (local.set $sum (f32x4.add (local.get $sum) (local.get $e)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $step)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 2 (local.get $sum)))
      (f32.add (f32x4.extract_lane 1 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))

  ;; out[r][c] = exp(in[r][c] - max_c in[r]) / sum_c exp(in[r][c] - max_c in[r]), rows x cols row-major.
  (func (export "softmax") (param $in i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $rowBytes i32) (local $quadEnd i32) (local $vecEnd i32)
    (local $src i32) (local $dst i32) (local $r i32) (local $p i32)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $max f32) (local $sum f32)
    (local $inv f32) (local $iv v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $quadEnd (i32.and (local.get $rowBytes) (i32.const -64)))
    (local.set $vecEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $src (local.get $in))
    (local.set $dst (local.get $out))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        ;; 1. The row max.
        (local.set $m0 (v128.const f32x4 -inf -inf -inf -inf))
        (local.set $m1 (local.get $m0))
        (local.set $m2 (local.get $m0))
        (local.set $m3 (local.get $m0))
        (local.set $p (i32.const 0))
        (block $max4_done
          (loop $max4
            (br_if $max4_done (i32.ge_u (local.get $p) (local.get $quadEnd)))
            (local.set $m0 (f32x4.pmax (local.get $m0) (v128.load offset=0 (i32.add (local.get $src) (local.get $p)))))
            (local.set $m1 (f32x4.pmax (local.get $m1) (v128.load offset=16 (i32.add (local.get $src) (local.get $p)))))
            (local.set $m2 (f32x4.pmax (local.get $m2) (v128.load offset=32 (i32.add (local.get $src) (local.get $p)))))
            (local.set $m3 (f32x4.pmax (local.get $m3) (v128.load offset=48 (i32.add (local.get $src) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $max4)))
        (block $max1_done
          (loop $max1
            (br_if $max1_done (i32.ge_u (local.get $p) (local.get $vecEnd)))
            (local.set $m0 (f32x4.pmax (local.get $m0) (v128.load (i32.add (local.get $src) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $max1)))
        (local.set $m0
          (f32x4.pmax (f32x4.pmax (local.get $m0) (local.get $m1)) (f32x4.pmax (local.get $m2) (local.get $m3))))
        (local.set $max
          (f32.max
            (f32.max (f32x4.extract_lane 0 (local.get $m0)) (f32x4.extract_lane 1 (local.get $m0)))
            (f32.max (f32x4.extract_lane 2 (local.get $m0)) (f32x4.extract_lane 3 (local.get $m0)))))
        (block $max_tail_done
          (loop $max_tail
            (br_if $max_tail_done (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (local.set $max (f32.max (local.get $max) (f32.load (i32.add (local.get $src) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $max_tail)))
        ;; 2. e = exp(x - max) into the output, and its sum.
        (local.set $sum (call $exp_sum (local.get $src) (local.get $dst) (local.get $cols) (local.get $max)))
        ;; 3. Scale by 1 / sum.
        (local.set $inv (f32.div (f32.const 1) (local.get $sum)))
        (local.set $iv (f32x4.splat (local.get $inv)))
        (local.set $p (i32.const 0))
        (block $scale4_done
          (loop $scale4
            (br_if $scale4_done (i32.ge_u (local.get $p) (local.get $quadEnd)))
            (v128.store offset=0 (i32.add (local.get $dst) (local.get $p))
              (f32x4.mul (local.get $iv) (v128.load offset=0 (i32.add (local.get $dst) (local.get $p)))))
            (v128.store offset=16 (i32.add (local.get $dst) (local.get $p))
              (f32x4.mul (local.get $iv) (v128.load offset=16 (i32.add (local.get $dst) (local.get $p)))))
            (v128.store offset=32 (i32.add (local.get $dst) (local.get $p))
              (f32x4.mul (local.get $iv) (v128.load offset=32 (i32.add (local.get $dst) (local.get $p)))))
            (v128.store offset=48 (i32.add (local.get $dst) (local.get $p))
              (f32x4.mul (local.get $iv) (v128.load offset=48 (i32.add (local.get $dst) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $scale4)))
        (block $scale1_done
          (loop $scale1
            (br_if $scale1_done (i32.ge_u (local.get $p) (local.get $vecEnd)))
            (v128.store (i32.add (local.get $dst) (local.get $p))
              (f32x4.mul (local.get $iv) (v128.load (i32.add (local.get $dst) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $scale1)))
        (block $scale_tail_done
          (loop $scale_tail
            (br_if $scale_tail_done (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $dst) (local.get $p))
              (f32.mul (local.get $inv) (f32.load (i32.add (local.get $dst) (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $scale_tail)))
        (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
        (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
  )
)
