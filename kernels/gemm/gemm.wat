;; fp32 GEMM C = A B (row-major; A m x k, B k x n, C m x n) in WebAssembly 128-bit SIMD, BLIS-style:
;;   jc over NC columns of C  -> pack a KC x NC panel of B (L3) into NR-column micro-panels
;;   pc over KC of the depth  -> (same)
;;   ic over MC rows          -> pack an MC x KC block of A (L2) into MR-row micro-panels
;;   jr over NR, ir over MR   -> micro-kernel: an MR x NR tile of C in 8 f32x4 registers, one k step
;;                               = 4 vector loads of B, 2 broadcasts of A, 8 f32x4.mul + f32x4.add
;; MR = 2, NR = 16, KC = 256, MC = 128, NC = 1024 (mirrored in wasm.ts).
;; Measured on Node 20 (V8 11.3, x64, AMD EPYC Zen 5, one thread): V8 issues a k step's loads ahead of its
;; arithmetic, so one step must keep its loads and accumulators within the 15 xmm registers V8 allocates:
;; 2x16 (4 B + 2 A + 8 accumulators) ran at ~56 GFLOP/s, 3x12 ~54, 4x8 ~46, 6x8 and 5x8 (which spill) 25-35;
;; unrolling k spilled too. A B micro-panel (KC x NR, 16 KiB) stays in L1, the A block (MC x KC, 128 KiB)
;; in L2, the B panel (KC x NC, 1 MiB) in L2/L3. Even the loop's shape matters: a guarded do-while (below)
;; ran ~20% faster than a bare one, which V8 compiled with extra moves.
;; Packed panels are zero-padded to whole MR x NR tiles, so the micro-kernel always runs a full tile; edge
;; tiles go through a scratch tile and only their valid part is written to C. No FMA: Node 20's V8 has no
;; relaxed-simd by default; with it enabled
;; (--experimental-wasm-relaxed-simd), f32x4.relaxed_madd in this kernel measured no faster (55 vs 56 GFLOP/s).
;;
;; Threads: gemm(a, b, c, m, n, k, scratch, part, parts) computes part `part` of `parts` of C, and uses only
;; the bytes [scratch + part * S, scratch + (part + 1) * S), S = scratch_bytes_per_part(m, n, k). Parts split
;; the output into whole tiles: NR-column panels when C has at least as many of them as MR-row blocks, else
;; MR-row blocks, as evenly as whole tiles allow (a part may get none). Parts write disjoint parts of C and
;; read A and B only, so they run concurrently on one shared memory with no data race; every element of C
;; is computed by the same operations in the same order whatever `parts` is, so the result is bit-identical.
;; Scratch of one part: packed A (min(MC, m rounded up to MR) x min(KC, k) floats), packed B (min(KC, k) x
;; min(NC, n rounded up to NR) floats), one MR x NR edge tile; each rounded up to 64 bytes. Addresses are byte
;; offsets, sizes are elements. Tuned with a generator of this file (scripts/wasm-gemm/gen.mjs, bench.mjs).
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $min (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_u (local.get $x) (local.get $y))))

  ;; x rounded up to a multiple of 64
  (func $align64 (param $x i32) (result i32)
    (i32.and (i32.add (local.get $x) (i32.const 63)) (i32.const -64)))

  ;; bytes of the packed A block, and of the packed B panel, for (m, n, k)
  (func $a_bytes (param $m i32) (param $k i32) (result i32)
    (call $align64 (i32.shl (i32.mul
      (call $min (i32.const 128) (i32.mul (i32.div_u (i32.add (local.get $m) (i32.const 1)) (i32.const 2)) (i32.const 2)))
      (call $min (i32.const 256) (local.get $k))) (i32.const 2))))
  (func $b_bytes (param $n i32) (param $k i32) (result i32)
    (call $align64 (i32.shl (i32.mul
      (call $min (i32.const 1024) (i32.mul (i32.div_u (i32.add (local.get $n) (i32.const 15)) (i32.const 16)) (i32.const 16)))
      (call $min (i32.const 256) (local.get $k))) (i32.const 2))))

  ;; Scratch bytes one part needs for an m x n x k problem (a multiple of 64).
  (func $scratch_bytes_per_part (export "scratch_bytes_per_part") (param $m i32) (param $n i32) (param $k i32) (result i32)
    (i32.add (i32.add (call $a_bytes (local.get $m) (local.get $k)) (call $b_bytes (local.get $n) (local.get $k)))
      (i32.const 128)))

  ;; C[0..2)[0..16) (+)= the product of an A micro-panel (kc x 2, k-major) and a B micro-panel (kc x 16,
  ;; k-major); row stride of C ldc bytes; accum != 0 adds to C, else overwrites it. kc >= 1.
  (func $kernel (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $accum i32)
    (local $c0_0 v128) (local $c0_1 v128) (local $c0_2 v128) (local $c0_3 v128) (local $c1_0 v128) (local $c1_1 v128) (local $c1_2 v128) (local $c1_3 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $a v128) (local $end i32) (local $crow i32)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 8))))
    (block $steps_done
      (br_if $steps_done (i32.ge_u (local.get $pa) (local.get $end)))
      (loop $steps
        (local.set $b0 (v128.load offset=0 (local.get $pb)))
        (local.set $b1 (v128.load offset=16 (local.get $pb)))
        (local.set $b2 (v128.load offset=32 (local.get $pb)))
        (local.set $b3 (v128.load offset=48 (local.get $pb)))
        (local.set $a (v128.load32_splat offset=0 (local.get $pa)))
        (local.set $c0_0 (f32x4.add (local.get $c0_0) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c0_1 (f32x4.add (local.get $c0_1) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $c0_2 (f32x4.add (local.get $c0_2) (f32x4.mul (local.get $a) (local.get $b2))))
        (local.set $c0_3 (f32x4.add (local.get $c0_3) (f32x4.mul (local.get $a) (local.get $b3))))
        (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
        (local.set $c1_0 (f32x4.add (local.get $c1_0) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c1_1 (f32x4.add (local.get $c1_1) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $c1_2 (f32x4.add (local.get $c1_2) (f32x4.mul (local.get $a) (local.get $b2))))
        (local.set $c1_3 (f32x4.add (local.get $c1_3) (f32x4.mul (local.get $a) (local.get $b3))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
        (br_if $steps (i32.lt_u (local.get $pa) (local.get $end)))))
    (if (local.get $accum)
      (then
        (local.set $crow (local.get $c))
        (v128.store offset=0 (local.get $crow) (f32x4.add (local.get $c0_0) (v128.load offset=0 (local.get $crow))))
        (v128.store offset=16 (local.get $crow) (f32x4.add (local.get $c0_1) (v128.load offset=16 (local.get $crow))))
        (v128.store offset=32 (local.get $crow) (f32x4.add (local.get $c0_2) (v128.load offset=32 (local.get $crow))))
        (v128.store offset=48 (local.get $crow) (f32x4.add (local.get $c0_3) (v128.load offset=48 (local.get $crow))))
        (local.set $crow (i32.add (local.get $crow) (local.get $ldc)))
        (v128.store offset=0 (local.get $crow) (f32x4.add (local.get $c1_0) (v128.load offset=0 (local.get $crow))))
        (v128.store offset=16 (local.get $crow) (f32x4.add (local.get $c1_1) (v128.load offset=16 (local.get $crow))))
        (v128.store offset=32 (local.get $crow) (f32x4.add (local.get $c1_2) (v128.load offset=32 (local.get $crow))))
        (v128.store offset=48 (local.get $crow) (f32x4.add (local.get $c1_3) (v128.load offset=48 (local.get $crow)))))
      (else
        (local.set $crow (local.get $c))
        (v128.store offset=0 (local.get $crow) (local.get $c0_0))
        (v128.store offset=16 (local.get $crow) (local.get $c0_1))
        (v128.store offset=32 (local.get $crow) (local.get $c0_2))
        (v128.store offset=48 (local.get $crow) (local.get $c0_3))
        (local.set $crow (i32.add (local.get $crow) (local.get $ldc)))
        (v128.store offset=0 (local.get $crow) (local.get $c1_0))
        (v128.store offset=16 (local.get $crow) (local.get $c1_1))
        (v128.store offset=32 (local.get $crow) (local.get $c1_2))
        (v128.store offset=48 (local.get $crow) (local.get $c1_3)))))

  ;; Pack rows [0, mc) x depth [0, kc) of A (at a, row stride lda bytes) into MR-row micro-panels at dst:
  ;; panel i holds, for each p, the 2 values A[i*2 + r][p]; rows past mc are zeros.
  (func $pack_a (param $a i32) (param $lda i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $p i32) (local $r i32) (local $rows i32) (local $src i32) (local $end i32)
    (block $panels_done
      (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $i) (local.get $mc)))
        (local.set $rows (call $min (i32.const 2) (i32.sub (local.get $mc) (local.get $i))))
        (local.set $src (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (if (i32.eq (local.get $rows) (i32.const 2))
          (then
            (local.set $end (i32.add (local.get $src) (i32.shl (local.get $kc) (i32.const 2))))
            (loop $full
              (f32.store offset=0 (local.get $dst) (f32.load (local.get $src)))
              (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.mul (local.get $lda) (i32.const 1)))))
              (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
              (local.set $src (i32.add (local.get $src) (i32.const 4)))
              (br_if $full (i32.lt_u (local.get $src) (local.get $end)))))
          (else
            (local.set $p (i32.const 0))
            (loop $part_p
              (local.set $r (i32.const 0))
              (loop $part_r
                (f32.store (local.get $dst)
                  (if (result f32) (i32.lt_u (local.get $r) (local.get $rows))
                    (then (f32.load (i32.add (local.get $src)
                      (i32.add (i32.mul (local.get $r) (local.get $lda)) (i32.shl (local.get $p) (i32.const 2))))))
                    (else (f32.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br_if $part_r (i32.lt_u (local.get $r) (i32.const 2))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $part_p (i32.lt_u (local.get $p) (local.get $kc))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $panels))))

  ;; Pack depth [0, kc) x columns [0, nc) of B (at b, row stride ldb bytes) into NR-column micro-panels at
  ;; dst: panel j holds, for each p, the 16 values B[p][j*16 + c]; columns past nc are zeros.
  (func $pack_b (param $b i32) (param $ldb i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j i32) (local $p i32) (local $col i32) (local $cols i32) (local $src i32)
    (block $panels_done
      (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $j) (local.get $nc)))
        (local.set $cols (call $min (i32.const 16) (i32.sub (local.get $nc) (local.get $j))))
        (local.set $src (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p (i32.const 0))
        (if (i32.eq (local.get $cols) (i32.const 16))
          (then
            (loop $full
              (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $src)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
              (v128.store offset=32 (local.get $dst) (v128.load offset=32 (local.get $src)))
              (v128.store offset=48 (local.get $dst) (v128.load offset=48 (local.get $src)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
              (local.set $src (i32.add (local.get $src) (local.get $ldb)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $full (i32.lt_u (local.get $p) (local.get $kc)))))
          (else
            (loop $part_p
              (local.set $col (i32.const 0))
              (loop $part_c
                (f32.store (local.get $dst)
                  (if (result f32) (i32.lt_u (local.get $col) (local.get $cols))
                    (then (f32.load (i32.add (local.get $src) (i32.shl (local.get $col) (i32.const 2)))))
                    (else (f32.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (br_if $part_c (i32.lt_u (local.get $col) (i32.const 16))))
              (local.set $src (i32.add (local.get $src) (local.get $ldb)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $part_p (i32.lt_u (local.get $p) (local.get $kc))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $panels))))

  ;; C[r0, r1) x [c0, c1) = A[r0, r1) B[:, c0, c1), packing into pa (A block) and pb (B panel), edge tiles
  ;; through tile.
  (func $gemm_block (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32) (param $pa i32) (param $pb i32) (param $tile i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $nr i32) (local $ir i32) (local $mr i32) (local $ldc i32) (local $accum i32)
    (local $cptr i32) (local $x i32) (local $y i32) (local $src i32) (local $dst i32)
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $jc (local.get $c0))
    (loop $jc_loop
      (local.set $nc (call $min (i32.const 1024) (i32.sub (local.get $c1) (local.get $jc))))
      (local.set $pc (i32.const 0))
      (loop $pc_loop
        (local.set $kc (call $min (i32.const 256) (i32.sub (local.get $k) (local.get $pc))))
        (local.set $accum (i32.ne (local.get $pc) (i32.const 0)))
        (call $pack_b
          (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $n)) (local.get $jc)) (i32.const 2)))
          (local.get $ldc) (local.get $kc) (local.get $nc) (local.get $pb))
        (local.set $ic (local.get $r0))
        (loop $ic_loop
          (local.set $mc (call $min (i32.const 128) (i32.sub (local.get $r1) (local.get $ic))))
          (call $pack_a
            (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $k)) (local.get $pc)) (i32.const 2)))
            (i32.shl (local.get $k) (i32.const 2)) (local.get $mc) (local.get $kc) (local.get $pa))
          (local.set $jr (i32.const 0))
          (loop $jr_loop
            (local.set $nr (call $min (i32.const 16) (i32.sub (local.get $nc) (local.get $jr))))
            (local.set $ir (i32.const 0))
            (loop $ir_loop
              (local.set $mr (call $min (i32.const 2) (i32.sub (local.get $mc) (local.get $ir))))
              (local.set $cptr (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $n)) (i32.add (local.get $jc) (local.get $jr)))
                (i32.const 2))))
              (if (i32.and (i32.eq (local.get $mr) (i32.const 2)) (i32.eq (local.get $nr) (i32.const 16)))
                (then
                  (call $kernel
                    (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                    (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                    (local.get $kc) (local.get $cptr) (local.get $ldc) (local.get $accum)))
                (else
                  ;; an edge tile: the full tile into scratch, then its valid mr x nr part into C
                  (call $kernel
                    (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                    (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
                    (local.get $kc) (local.get $tile) (i32.const 64) (i32.const 0))
                  (local.set $y (i32.const 0))
                  (loop $edge_rows
                    (local.set $src (i32.add (local.get $tile) (i32.mul (local.get $y) (i32.const 64))))
                    (local.set $dst (i32.add (local.get $cptr) (i32.mul (local.get $y) (local.get $ldc))))
                    (local.set $x (i32.const 0))
                    (loop $edge_cols
                      (f32.store (local.get $dst)
                        (f32.add (f32.load (local.get $src))
                          (if (result f32) (local.get $accum)
                            (then (f32.load (local.get $dst)))
                            (else (f32.const 0)))))
                      (local.set $src (i32.add (local.get $src) (i32.const 4)))
                      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                      (local.set $x (i32.add (local.get $x) (i32.const 1)))
                      (br_if $edge_cols (i32.lt_u (local.get $x) (local.get $nr))))
                    (local.set $y (i32.add (local.get $y) (i32.const 1)))
                    (br_if $edge_rows (i32.lt_u (local.get $y) (local.get $mr))))))
              (local.set $ir (i32.add (local.get $ir) (i32.const 2)))
              (br_if $ir_loop (i32.lt_u (local.get $ir) (local.get $mc))))
            (local.set $jr (i32.add (local.get $jr) (i32.const 16)))
            (br_if $jr_loop (i32.lt_u (local.get $jr) (local.get $nc))))
          (local.set $ic (i32.add (local.get $ic) (i32.const 128)))
          (br_if $ic_loop (i32.lt_u (local.get $ic) (local.get $r1))))
        (local.set $pc (i32.add (local.get $pc) (i32.const 256)))
        (br_if $pc_loop (i32.lt_u (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (i32.const 1024)))
      (br_if $jc_loop (i32.lt_u (local.get $jc) (local.get $c1)))))

  ;; Part `part` of `parts` of C = A B (see the header). Traps unless 0 <= part < parts and m, n, k >= 1.
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32)
    (param $scratch i32) (param $part i32) (param $parts i32)
    (local $mt i32) (local $nt i32) (local $t0 i32) (local $t1 i32)
    (local $r0 i32) (local $r1 i32) (local $c0 i32) (local $c1 i32) (local $base i32)
    (if (i32.ge_u (local.get $part) (local.get $parts)) (then (unreachable)))
    (if (i32.or (i32.or (i32.eqz (local.get $m)) (i32.eqz (local.get $n))) (i32.eqz (local.get $k))) (then (unreachable)))
    (local.set $mt (i32.div_u (i32.add (local.get $m) (i32.const 1)) (i32.const 2)))
    (local.set $nt (i32.div_u (i32.add (local.get $n) (i32.const 15)) (i32.const 16)))
    (local.set $r0 (i32.const 0)) (local.set $r1 (local.get $m))
    (local.set $c0 (i32.const 0)) (local.set $c1 (local.get $n))
    (if (i32.ge_u (local.get $nt) (local.get $mt))
      (then
        (local.set $t0 (i32.div_u (i32.mul (local.get $nt) (local.get $part)) (local.get $parts)))
        (local.set $t1 (i32.div_u (i32.mul (local.get $nt) (i32.add (local.get $part) (i32.const 1))) (local.get $parts)))
        (local.set $c0 (i32.mul (local.get $t0) (i32.const 16)))
        (local.set $c1 (call $min (local.get $n) (i32.mul (local.get $t1) (i32.const 16)))))
      (else
        (local.set $t0 (i32.div_u (i32.mul (local.get $mt) (local.get $part)) (local.get $parts)))
        (local.set $t1 (i32.div_u (i32.mul (local.get $mt) (i32.add (local.get $part) (i32.const 1))) (local.get $parts)))
        (local.set $r0 (i32.mul (local.get $t0) (i32.const 2)))
        (local.set $r1 (call $min (local.get $m) (i32.mul (local.get $t1) (i32.const 2))))))
    (if (i32.ge_u (local.get $t0) (local.get $t1)) (then (return)))
    (local.set $base (i32.add (local.get $scratch)
      (i32.mul (local.get $part) (call $scratch_bytes_per_part (local.get $m) (local.get $n) (local.get $k)))))
    (call $gemm_block (local.get $a) (local.get $b) (local.get $c) (local.get $n) (local.get $k)
      (local.get $r0) (local.get $r1) (local.get $c0) (local.get $c1)
      (local.get $base)
      (i32.add (local.get $base) (call $a_bytes (local.get $m) (local.get $k)))
      (i32.add (i32.add (local.get $base) (call $a_bytes (local.get $m) (local.get $k))) (call $b_bytes (local.get $n) (local.get $k)))))
)
