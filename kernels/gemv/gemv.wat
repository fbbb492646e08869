;; gemv y = A x over fp32 in the imported memory, A m x k row-major, 128-bit SIMD. Offsets are bytes, counts
;; are elements. Rows go four at a time, so each load of x serves four rows: two f32x4 accumulators per row
;; (eight independent chains) over 32 bytes of k per step, then at most one more vector, then scalars for the
;; k % 4 tail; one transposing horizontal sum turns the four rows' accumulators into one store of y. Rows
;; left over (m % 4) go one at a time the same way. Loads need no alignment (rows of odd k start anywhere).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; [sum a, sum b, sum c, sum d]: the horizontal sums of four vectors, in one vector.
  (func $hsum4 (param $a v128) (param $b v128) (param $c v128) (param $d v128) (result v128)
    (local $ab v128) (local $cd v128)
    ;; ab = [a0 + a2, a1 + a3, b0 + b2, b1 + b3], cd likewise.
    (local.set $ab
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $cd
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $c) (local.get $d))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c) (local.get $d))))
    ;; Even lanes plus odd lanes of [ab, cd].
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $cd))
      (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $cd))))

  ;; y[i] = A[i][0] x[0] + ... + A[i][k - 1] x[k - 1] for i in [0, m)
  (func (export "gemv") (param $a i32) (param $x i32) (param $y i32) (param $m i32) (param $k i32)
    (local $rowBytes i32) (local $pairEnd i32) (local $vecEnd i32) (local $i i32) (local $p i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $x0 v128) (local $x1 v128) (local $xs f32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $pairEnd (i32.and (local.get $rowBytes) (i32.const -32)))
    (local.set $vecEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $r0 (local.get $a))
    ;; Four rows at a time.
    (block $quads_done
      (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $c00 (v128.const i32x4 0 0 0 0))
        (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0))
        (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0))
        (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0))
        (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $pairEnd)))
            (local.set $x0 (v128.load offset=0 (i32.add (local.get $x) (local.get $p))))
            (local.set $x1 (v128.load offset=16 (i32.add (local.get $x) (local.get $p))))
            (local.set $c00 (f32x4.add (local.get $c00)
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $r0) (local.get $p))) (local.get $x0))))
            (local.set $c01 (f32x4.add (local.get $c01)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $r0) (local.get $p))) (local.get $x1))))
            (local.set $c10 (f32x4.add (local.get $c10)
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $r1) (local.get $p))) (local.get $x0))))
            (local.set $c11 (f32x4.add (local.get $c11)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $r1) (local.get $p))) (local.get $x1))))
            (local.set $c20 (f32x4.add (local.get $c20)
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $r2) (local.get $p))) (local.get $x0))))
            (local.set $c21 (f32x4.add (local.get $c21)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $r2) (local.get $p))) (local.get $x1))))
            (local.set $c30 (f32x4.add (local.get $c30)
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $r3) (local.get $p))) (local.get $x0))))
            (local.set $c31 (f32x4.add (local.get $c31)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $r3) (local.get $p))) (local.get $x1))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $pairs)))
        ;; At most one more whole vector.
        (if (i32.lt_u (local.get $p) (local.get $vecEnd))
          (then
            (local.set $x0 (v128.load (i32.add (local.get $x) (local.get $p))))
            (local.set $c00 (f32x4.add (local.get $c00)
              (f32x4.mul (v128.load (i32.add (local.get $r0) (local.get $p))) (local.get $x0))))
            (local.set $c10 (f32x4.add (local.get $c10)
              (f32x4.mul (v128.load (i32.add (local.get $r1) (local.get $p))) (local.get $x0))))
            (local.set $c20 (f32x4.add (local.get $c20)
              (f32x4.mul (v128.load (i32.add (local.get $r2) (local.get $p))) (local.get $x0))))
            (local.set $c30 (f32x4.add (local.get $c30)
              (f32x4.mul (v128.load (i32.add (local.get $r3) (local.get $p))) (local.get $x0))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))))
        ;; Scalars for k % 4.
        (local.set $t0 (f32.const 0))
        (local.set $t1 (f32.const 0))
        (local.set $t2 (f32.const 0))
        (local.set $t3 (f32.const 0))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (local.set $xs (f32.load (i32.add (local.get $x) (local.get $p))))
            (local.set $t0 (f32.add (local.get $t0)
              (f32.mul (f32.load (i32.add (local.get $r0) (local.get $p))) (local.get $xs))))
            (local.set $t1 (f32.add (local.get $t1)
              (f32.mul (f32.load (i32.add (local.get $r1) (local.get $p))) (local.get $xs))))
            (local.set $t2 (f32.add (local.get $t2)
              (f32.mul (f32.load (i32.add (local.get $r2) (local.get $p))) (local.get $xs))))
            (local.set $t3 (f32.add (local.get $t3)
              (f32.mul (f32.load (i32.add (local.get $r3) (local.get $p))) (local.get $xs))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (v128.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.add
            (call $hsum4
              (f32x4.add (local.get $c00) (local.get $c01))
              (f32x4.add (local.get $c10) (local.get $c11))
              (f32x4.add (local.get $c20) (local.get $c21))
              (f32x4.add (local.get $c30) (local.get $c31)))
            (f32x4.replace_lane 3
              (f32x4.replace_lane 2
                (f32x4.replace_lane 1 (f32x4.splat (local.get $t0)) (local.get $t1))
                (local.get $t2))
              (local.get $t3))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $r0 (i32.add (local.get $r3) (local.get $rowBytes)))
        (br $quads)))
    ;; The m % 4 rows left, one at a time.
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $c00 (v128.const i32x4 0 0 0 0))
        (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $row_pairs_done
          (loop $row_pairs
            (br_if $row_pairs_done (i32.ge_u (local.get $p) (local.get $pairEnd)))
            (local.set $c00 (f32x4.add (local.get $c00)
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $r0) (local.get $p)))
                (v128.load offset=0 (i32.add (local.get $x) (local.get $p))))))
            (local.set $c01 (f32x4.add (local.get $c01)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $r0) (local.get $p)))
                (v128.load offset=16 (i32.add (local.get $x) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $row_pairs)))
        (if (i32.lt_u (local.get $p) (local.get $vecEnd))
          (then
            (local.set $c00 (f32x4.add (local.get $c00)
              (f32x4.mul (v128.load (i32.add (local.get $r0) (local.get $p)))
                (v128.load (i32.add (local.get $x) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))))
        (local.set $t0 (f32.const 0))
        (block $row_tail_done
          (loop $row_tail
            (br_if $row_tail_done (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (local.set $t0 (f32.add (local.get $t0)
              (f32.mul (f32.load (i32.add (local.get $r0) (local.get $p)))
                (f32.load (i32.add (local.get $x) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $row_tail)))
        (local.set $c00 (f32x4.add (local.get $c00) (local.get $c01)))
        (f32.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $c00)) (f32x4.extract_lane 2 (local.get $c00)))
              (f32.add (f32x4.extract_lane 1 (local.get $c00)) (f32x4.extract_lane 3 (local.get $c00))))
            (local.get $t0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $r0 (i32.add (local.get $r0) (local.get $rowBytes)))
        (br $rows)))
  )
)
