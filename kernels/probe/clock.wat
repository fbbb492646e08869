;; The CPU clock, measured: `spin(n, y)` runs n iterations of 16 dependent integer adds (x = x + y), one
;; cycle each on any current x86-64 or Arm core, so n x 16 cycles; the loop counter runs beside the chain.
;; Not a benchmark kernel: src/bench/cpu-peak.ts times it to read the clock a core really runs at (boost
;; included), which /proc/cpuinfo's nominal figure misses.
(module
  (func (export "spin") (param $n i32) (param $y i32) (result i32)
    (local $x i32)
    (local.set $x (local.get $y))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (local.get $y)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $x))
)
