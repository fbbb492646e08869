;; One attention head, out = softmax(q k^T scale) v, q k v out seq x d row-major fp32 in the imported memory,
;; no mask, 128-bit SIMD. Offsets are bytes, counts are elements. Per call:
;;   1. k is transposed into kt (d x seqPad, seqPad = seq rounded up to 16; pad columns unused), so the
;;      scores of one query against 16 keys are four f32x4 accumulators over p, with no horizontal sums.
;;   2. When d % 16 != 0, v is copied into vp with rows padded to dPad = d rounded up to 16 (pad zero), so
;;      the weighted sum runs over whole 16-column chunks; otherwise v is read where it is.
;;   3. Query rows go in pairs (the last row of an odd seq pairs with itself), so each load of kt and of v
;;      serves two rows (eight accumulators): scores s (2 x seqPad, pads set to -inf), the row max, then
;;      e = exp(s - max) and its sum by softmax.wat's `exp_sum` (imported: exp is written once), then
;;      o = (e v) / sum into the scratch rows o (2 x dPad) and d values of each copied to out.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "softmax" "exp_sum" (func $exp_sum (param i32 i32 i32 f32) (result f32)))

  ;; The max of the fp32 values in [p, p + bytes), bytes a positive multiple of 64.
  (func $max64 (param $p i32) (param $bytes i32) (result f32)
    (local $end i32) (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local.set $end (i32.add (local.get $p) (local.get $bytes)))
    (local.set $m0 (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $m1 (local.get $m0))
    (local.set $m2 (local.get $m0))
    (local.set $m3 (local.get $m0))
    (loop $step
      (local.set $m0 (f32x4.pmax (local.get $m0) (v128.load offset=0 (local.get $p))))
      (local.set $m1 (f32x4.pmax (local.get $m1) (v128.load offset=16 (local.get $p))))
      (local.set $m2 (f32x4.pmax (local.get $m2) (v128.load offset=32 (local.get $p))))
      (local.set $m3 (f32x4.pmax (local.get $m3) (v128.load offset=48 (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $step (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $m0
      (f32x4.pmax (f32x4.pmax (local.get $m0) (local.get $m1)) (f32x4.pmax (local.get $m2) (local.get $m3))))
    (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $m0)) (f32x4.extract_lane 1 (local.get $m0)))
      (f32.max (f32x4.extract_lane 2 (local.get $m0)) (f32x4.extract_lane 3 (local.get $m0)))))

  ;; dst[i] = src[i] for i in [0, n).
  (func $copy (param $src i32) (param $dst i32) (param $n i32)
    (local $p i32) (local $bytes i32) (local $vecEnd i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $bytes) (i32.const -16)))
    (block $vec_done
      (loop $vec
        (br_if $vec_done (i32.ge_u (local.get $p) (local.get $vecEnd)))
        (v128.store (i32.add (local.get $dst) (local.get $p)) (v128.load (i32.add (local.get $src) (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vec)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $bytes)))
        (f32.store (i32.add (local.get $dst) (local.get $p)) (f32.load (i32.add (local.get $src) (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $tail))))

  ;; out = softmax(q k^T scale) v. Scratch: kt d x seqPad, s 2 x seqPad, vp seq x dPad (used when
  ;; d % 16 != 0), o 2 x dPad fp32 values.
  (func (export "attention")
    (param $q i32) (param $k i32) (param $v i32) (param $out i32)
    (param $kt i32) (param $s i32) (param $vp i32) (param $o i32)
    (param $seq i32) (param $d i32) (param $scale f32)
    (local $rowBytes i32) (local $ktStride i32) (local $vStride i32) (local $seqBytes i32) (local $vsrc i32)
    (local $i i32) (local $j i32) (local $p i32) (local $jb i32) (local $cb i32) (local $kp i32) (local $vq i32)
    (local $q0 i32) (local $q1 i32) (local $s1 i32) (local $inv0 f32) (local $inv1 f32)
    (local $w0 v128) (local $w1 v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $sc v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $seqBytes (i32.shl (local.get $seq) (i32.const 2)))
    (local.set $ktStride (i32.and (i32.add (local.get $seqBytes) (i32.const 63)) (i32.const -64)))
    (local.set $vStride (i32.and (i32.add (local.get $rowBytes) (i32.const 63)) (i32.const -64)))
    (local.set $sc (f32x4.splat (local.get $scale)))
    ;; 1. kt[p][j] = k[j][p].
    (local.set $j (i32.const 0))
    (block $kt_done
      (loop $kt_rows
        (br_if $kt_done (i32.ge_u (local.get $j) (local.get $seq)))
        (local.set $kp (i32.add (local.get $kt) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $vq (i32.add (local.get $k) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $p (i32.const 0))
        (block $kt_row_done
          (loop $kt_row
            (br_if $kt_row_done (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (f32.store (local.get $kp) (f32.load (i32.add (local.get $vq) (local.get $p))))
            (local.set $kp (i32.add (local.get $kp) (local.get $ktStride)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $kt_row)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $kt_rows)))
    ;; 2. v with rows of dPad, unless they are already.
    (local.set $vsrc (local.get $v))
    (if (i32.ne (local.get $vStride) (local.get $rowBytes))
      (then
        (local.set $vsrc (local.get $vp))
        (local.set $j (i32.const 0))
        (block $vp_done
          (loop $vp_rows
            (br_if $vp_done (i32.ge_u (local.get $j) (local.get $seq)))
            (call $copy
              (i32.add (local.get $v) (i32.mul (local.get $j) (local.get $rowBytes)))
              (i32.add (local.get $vp) (i32.mul (local.get $j) (local.get $vStride)))
              (local.get $d))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $vp_rows)))))
    ;; 3. Query rows i and i + 1 (or i again).
    (local.set $s1 (i32.add (local.get $s) (local.get $ktStride)))
    (local.set $i (i32.const 0))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.ge_u (local.get $i) (local.get $seq)))
        (local.set $q0 (i32.add (local.get $q) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $q1
          (select (i32.add (local.get $q0) (local.get $rowBytes)) (local.get $q0)
            (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $seq))))
        ;; 3a. Scores of both rows against 16 keys at a time.
        (local.set $jb (i32.const 0))
        (loop $score_blocks
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $b0 (v128.const i32x4 0 0 0 0))
          (local.set $b1 (v128.const i32x4 0 0 0 0))
          (local.set $b2 (v128.const i32x4 0 0 0 0))
          (local.set $b3 (v128.const i32x4 0 0 0 0))
          (local.set $kp (i32.add (local.get $kt) (local.get $jb)))
          (local.set $p (i32.const 0))
          (loop $dot
            (local.set $w0 (f32x4.splat (f32.load (i32.add (local.get $q0) (local.get $p)))))
            (local.set $w1 (f32x4.splat (f32.load (i32.add (local.get $q1) (local.get $p)))))
            (local.set $x0 (v128.load offset=0 (local.get $kp)))
            (local.set $x1 (v128.load offset=16 (local.get $kp)))
            (local.set $x2 (v128.load offset=32 (local.get $kp)))
            (local.set $x3 (v128.load offset=48 (local.get $kp)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w0) (local.get $x0))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $w0) (local.get $x1))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $w0) (local.get $x2))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $w0) (local.get $x3))))
            (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $w1) (local.get $x0))))
            (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $w1) (local.get $x1))))
            (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $w1) (local.get $x2))))
            (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $w1) (local.get $x3))))
            (local.set $kp (i32.add (local.get $kp) (local.get $ktStride)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br_if $dot (i32.lt_u (local.get $p) (local.get $rowBytes))))
          (v128.store offset=0 (i32.add (local.get $s) (local.get $jb)) (f32x4.mul (local.get $a0) (local.get $sc)))
          (v128.store offset=16 (i32.add (local.get $s) (local.get $jb)) (f32x4.mul (local.get $a1) (local.get $sc)))
          (v128.store offset=32 (i32.add (local.get $s) (local.get $jb)) (f32x4.mul (local.get $a2) (local.get $sc)))
          (v128.store offset=48 (i32.add (local.get $s) (local.get $jb)) (f32x4.mul (local.get $a3) (local.get $sc)))
          (v128.store offset=0 (i32.add (local.get $s1) (local.get $jb)) (f32x4.mul (local.get $b0) (local.get $sc)))
          (v128.store offset=16 (i32.add (local.get $s1) (local.get $jb)) (f32x4.mul (local.get $b1) (local.get $sc)))
          (v128.store offset=32 (i32.add (local.get $s1) (local.get $jb)) (f32x4.mul (local.get $b2) (local.get $sc)))
          (v128.store offset=48 (i32.add (local.get $s1) (local.get $jb)) (f32x4.mul (local.get $b3) (local.get $sc)))
          (local.set $jb (i32.add (local.get $jb) (i32.const 64)))
          (br_if $score_blocks (i32.lt_u (local.get $jb) (local.get $ktStride))))
        ;; Pad scores are -inf, so the max ignores them.
        (local.set $jb (local.get $seqBytes))
        (block $pad_done
          (loop $pad
            (br_if $pad_done (i32.ge_u (local.get $jb) (local.get $ktStride)))
            (f32.store (i32.add (local.get $s) (local.get $jb)) (f32.const -inf))
            (f32.store (i32.add (local.get $s1) (local.get $jb)) (f32.const -inf))
            (local.set $jb (i32.add (local.get $jb) (i32.const 4)))
            (br $pad)))
        ;; 3b. e = exp(s - max) in place, and 1 / its sum.
        (local.set $inv0
          (f32.div (f32.const 1)
            (call $exp_sum (local.get $s) (local.get $s) (local.get $seq)
              (call $max64 (local.get $s) (local.get $ktStride)))))
        (local.set $inv1
          (f32.div (f32.const 1)
            (call $exp_sum (local.get $s1) (local.get $s1) (local.get $seq)
              (call $max64 (local.get $s1) (local.get $ktStride)))))
        ;; 3c. o = (e v) / sum, 16 columns of both rows at a time.
        (local.set $cb (i32.const 0))
        (loop $columns
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $b0 (v128.const i32x4 0 0 0 0))
          (local.set $b1 (v128.const i32x4 0 0 0 0))
          (local.set $b2 (v128.const i32x4 0 0 0 0))
          (local.set $b3 (v128.const i32x4 0 0 0 0))
          (local.set $vq (i32.add (local.get $vsrc) (local.get $cb)))
          (local.set $jb (i32.const 0))
          (loop $weighted
            (local.set $w0 (f32x4.splat (f32.load (i32.add (local.get $s) (local.get $jb)))))
            (local.set $w1 (f32x4.splat (f32.load (i32.add (local.get $s1) (local.get $jb)))))
            (local.set $x0 (v128.load offset=0 (local.get $vq)))
            (local.set $x1 (v128.load offset=16 (local.get $vq)))
            (local.set $x2 (v128.load offset=32 (local.get $vq)))
            (local.set $x3 (v128.load offset=48 (local.get $vq)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w0) (local.get $x0))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $w0) (local.get $x1))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $w0) (local.get $x2))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $w0) (local.get $x3))))
            (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $w1) (local.get $x0))))
            (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $w1) (local.get $x1))))
            (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $w1) (local.get $x2))))
            (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $w1) (local.get $x3))))
            (local.set $vq (i32.add (local.get $vq) (local.get $vStride)))
            (local.set $jb (i32.add (local.get $jb) (i32.const 4)))
            (br_if $weighted (i32.lt_u (local.get $jb) (local.get $seqBytes))))
          (local.set $w0 (f32x4.splat (local.get $inv0)))
          (local.set $w1 (f32x4.splat (local.get $inv1)))
          (local.set $kp (i32.add (local.get $o) (local.get $cb)))
          (v128.store offset=0 (local.get $kp) (f32x4.mul (local.get $a0) (local.get $w0)))
          (v128.store offset=16 (local.get $kp) (f32x4.mul (local.get $a1) (local.get $w0)))
          (v128.store offset=32 (local.get $kp) (f32x4.mul (local.get $a2) (local.get $w0)))
          (v128.store offset=48 (local.get $kp) (f32x4.mul (local.get $a3) (local.get $w0)))
          (local.set $kp (i32.add (local.get $kp) (local.get $vStride)))
          (v128.store offset=0 (local.get $kp) (f32x4.mul (local.get $b0) (local.get $w1)))
          (v128.store offset=16 (local.get $kp) (f32x4.mul (local.get $b1) (local.get $w1)))
          (v128.store offset=32 (local.get $kp) (f32x4.mul (local.get $b2) (local.get $w1)))
          (v128.store offset=48 (local.get $kp) (f32x4.mul (local.get $b3) (local.get $w1)))
          (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
          (br_if $columns (i32.lt_u (local.get $cb) (local.get $vStride))))
        ;; Row i + 1 first: when it is row i again, both copies are the same values.
        (call $copy (i32.add (local.get $o) (local.get $vStride))
          (i32.add (local.get $out) (i32.sub (local.get $q1) (local.get $q))) (local.get $d))
        (call $copy (local.get $o) (i32.add (local.get $out) (i32.sub (local.get $q0) (local.get $q))) (local.get $d))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
  )
)
