#!/usr/bin/env python3
"""tppbench calibration probe: measure this GPU so that `tppbench calibrate` can fit its curves.

Usage:  python3 probe.py out.json [--quick]
Needs:  PyTorch with CUDA (nothing else). Takes a few minutes on a data-center GPU (--quick: under one).

Every time is the median of N CUDA-event-timed repetitions after a warm-up, on inputs already on the
device. Measurements: GEMM (bf16, fp8 where torch._scaled_mm and the GPU support it) at square and LLM
shapes; HBM copy, triad and a read-only sum; flash attention prefill and GQA decode (scaled_dot_product_attention on the
flash backend); one decode step of a small Llama-style layer stack replayed as a CUDA graph. Anything that
cannot run is listed under "skipped" with the reason. The output is versioned JSON
(kind "tppbench-probe", schemaVersion 1); tppbench validates it when it reads it.
"""

import datetime
import json
import platform
import statistics
import sys

SCHEMA_VERSION = 1
PROBE_VERSION = "1"

# (label, m, n, k): square sweeps for the curve's shape, then the GEMMs of an 8B-class LLM layer
# (hidden 4096, GQA 32/8 heads, MLP 14336) at decode-like and prefill-like token counts.
GEMM_SHAPES = [
    ("square", 1024, 1024, 1024),
    ("square", 2048, 2048, 2048),
    ("square", 4096, 4096, 4096),
    ("square", 8192, 8192, 8192),
    ("llm qkv", 4096, 6144, 4096),
    ("llm o-proj", 4096, 4096, 4096),
    ("llm mlp up+gate", 4096, 28672, 4096),
    ("llm mlp down", 4096, 4096, 14336),
    ("llm decode qkv", 64, 6144, 4096),
    ("llm decode mlp up+gate", 64, 28672, 4096),
    ("llm decode mlp down", 64, 4096, 14336),
]
QUICK_GEMM_SHAPES = [GEMM_SHAPES[i] for i in (1, 3, 6, 9)]

# Decode-step stack: Llama-3-8B layer dimensions, fewer layers, a small vocabulary (no LM head is run).
DECODE_STACK = {
    "hidden": 4096,
    "heads": 32,
    "kvHeads": 8,
    "headDim": 128,
    "intermediate": 14336,
    "layers": 4,
    "batch": 8,
    "kvLen": 2048,
}


def fail(message):
    sys.stderr.write("probe: " + message + "\n")
    sys.exit(2)


def time_cuda(torch, fn, warmup, reps):
    """Median seconds of `fn` over `reps` CUDA-event-timed calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end) / 1e3)
    return statistics.median(samples), len(samples)


def flash_context(torch):
    """A context manager that restricts SDPA to the flash backend, or None when this torch has none."""
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel

        return sdpa_kernel(SDPBackend.FLASH_ATTENTION)
    except ImportError:
        pass
    backends = getattr(torch.backends, "cuda", None)
    if backends is not None and hasattr(backends, "sdp_kernel"):
        return backends.sdp_kernel(enable_flash=True, enable_math=False, enable_mem_efficient=False)
    return None


def probe_gemm(torch, out, skipped, shapes, reps):
    for label, m, n, k in shapes:
        a = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
        b = torch.randn(k, n, device="cuda", dtype=torch.bfloat16)
        seconds, count = time_cuda(torch, lambda: torch.matmul(a, b), 3, reps)
        out.append(gemm_record(label, "bf16", m, n, k, seconds, count))
        del a, b
    fp8 = getattr(torch, "float8_e4m3fn", None)
    scaled_mm = getattr(torch, "_scaled_mm", None)
    major, minor = torch.cuda.get_device_capability()
    if fp8 is None or scaled_mm is None:
        skipped.append({"what": "gemm fp8", "reason": "this torch has no float8_e4m3fn or _scaled_mm"})
        return
    if (major, minor) < (8, 9):
        skipped.append({"what": "gemm fp8", "reason": "compute capability %d.%d has no FP8 tensor cores" % (major, minor)})
        return
    one = torch.tensor(1.0, device="cuda", dtype=torch.float32)
    for label, m, n, k in shapes:
        a = torch.randn(m, k, device="cuda").to(fp8)
        # _scaled_mm wants the second operand column-major: the transpose of a row-major (n, k) tensor.
        b = torch.randn(n, k, device="cuda").to(fp8).t()

        def run():
            r = scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
            return r[0] if isinstance(r, tuple) else r

        try:
            seconds, count = time_cuda(torch, run, 3, reps)
        except RuntimeError as error:
            skipped.append({"what": "gemm fp8 %dx%dx%d" % (m, n, k), "reason": str(error).splitlines()[0][:200]})
            continue
        out.append(gemm_record(label, "fp8", m, n, k, seconds, count))
        del a, b


def gemm_record(label, precision, m, n, k, seconds, count):
    return {
        "kind": "gemm",
        "label": label,
        "precision": precision,
        "m": m,
        "n": n,
        "k": k,
        "seconds": seconds,
        "repetitions": count,
    }


def probe_memory(torch, out, array_bytes, reps):
    elements = array_bytes // 4
    a = torch.zeros(elements, device="cuda", dtype=torch.float32)
    b = torch.ones(elements, device="cuda", dtype=torch.float32)
    c = torch.full((elements,), 2.0, device="cuda", dtype=torch.float32)
    seconds, count = time_cuda(torch, lambda: a.copy_(b), 3, reps)
    # STREAM counting: copy moves 2 arrays (1 read, 1 write), triad 3 (2 reads, 1 write).
    out.append({"kind": "memory", "kernel": "copy", "arrayBytes": elements * 4, "bytes": 2 * elements * 4,
                "seconds": seconds, "repetitions": count})
    seconds, count = time_cuda(torch, lambda: torch.add(b, c, alpha=3.0, out=a), 3, reps)
    out.append({"kind": "memory", "kernel": "triad", "arrayBytes": elements * 4, "bytes": 3 * elements * 4,
                "seconds": seconds, "repetitions": count})
    # Read-only (a sum reduction): its read fraction 1 anchors the line where decode's KV reads sit.
    total = torch.zeros((), device="cuda", dtype=torch.float32)
    seconds, count = time_cuda(torch, lambda: torch.sum(b, dim=0, out=total), 3, reps)
    out.append({"kind": "memory", "kernel": "read", "arrayBytes": elements * 4, "bytes": elements * 4,
                "seconds": seconds, "repetitions": count})
    del a, b, c, total


def attention_record(phase, batch, heads, kv_heads, head_dim, q_len, kv_len, causal, seconds, count):
    return {
        "kind": "attention",
        "phase": phase,
        "precision": "bf16",
        "batch": batch,
        "heads": heads,
        "kvHeads": kv_heads,
        "headDim": head_dim,
        "qLen": q_len,
        "kvLen": kv_len,
        "causal": causal,
        "seconds": seconds,
        "repetitions": count,
    }


def probe_attention(torch, out, skipped, reps, quick):
    sdpa = torch.nn.functional.scaled_dot_product_attention
    if flash_context(torch) is None:
        skipped.append({"what": "attention", "reason": "this torch cannot select the flash SDPA backend"})
        return
    head_dim = 128
    # Prefill: causal self-attention, 32 query heads (flash packs no GQA here: K/V have all heads).
    for batch, seq in ([(1, 4096)] if quick else [(1, 4096), (4, 2048), (1, 8192)]):
        q = torch.randn(batch, 32, seq, head_dim, device="cuda", dtype=torch.bfloat16)
        k = torch.randn_like(q)
        v = torch.randn_like(q)

        def run():
            with flash_context(torch):
                return sdpa(q, k, v, is_causal=True)

        try:
            seconds, count = time_cuda(torch, run, 3, reps)
        except RuntimeError as error:
            skipped.append({"what": "attention prefill", "reason": str(error).splitlines()[0][:200]})
            return
        out.append(attention_record("prefill", batch, 32, 32, head_dim, seq, seq, True, seconds, count))
        del q, k, v
    # GQA decode: one new token per sequence against a KV cache, 32 query heads over 8 KV heads. The 4
    # query heads of a KV head are packed as 4 query rows of one head, as GQA decode kernels do, so K/V are
    # read once (no repeat_interleave copy).
    heads, kv_heads = 32, 8
    group = heads // kv_heads
    for batch, kv_len in ([(8, 8192)] if quick else [(8, 8192), (32, 4096), (1, 32768)]):
        q = torch.randn(batch, kv_heads, group, head_dim, device="cuda", dtype=torch.bfloat16)
        k = torch.randn(batch, kv_heads, kv_len, head_dim, device="cuda", dtype=torch.bfloat16)
        v = torch.randn_like(k)

        def run():
            with flash_context(torch):
                return sdpa(q, k, v)

        try:
            seconds, count = time_cuda(torch, run, 3, reps)
        except RuntimeError as error:
            skipped.append({"what": "attention decode", "reason": str(error).splitlines()[0][:200]})
            return
        out.append(attention_record("decode", batch, heads, kv_heads, head_dim, 1, kv_len, False, seconds, count))
        del q, k, v


def probe_decode_step(torch, out, skipped, reps):
    s = DECODE_STACK
    hidden, heads, kv_heads, head_dim = s["hidden"], s["heads"], s["kvHeads"], s["headDim"]
    batch, kv_len, group = s["batch"], s["kvLen"], heads // kv_heads
    bf16 = torch.bfloat16

    def weight(rows, cols):
        return torch.randn(rows, cols, device="cuda", dtype=bf16) * 0.02

    layers = []
    for _ in range(s["layers"]):
        layers.append({
            "qkv": weight(hidden, (heads + 2 * kv_heads) * head_dim),
            "o": weight(heads * head_dim, hidden),
            "gate_up": weight(hidden, 2 * s["intermediate"]),
            "down": weight(s["intermediate"], hidden),
            "k": torch.randn(batch, kv_heads, kv_len, head_dim, device="cuda", dtype=bf16),
            "v": torch.randn(batch, kv_heads, kv_len, head_dim, device="cuda", dtype=bf16),
        })
    x = torch.randn(batch, hidden, device="cuda", dtype=bf16)
    sdpa = torch.nn.functional.scaled_dot_product_attention

    def rms_norm(t):
        return t * torch.rsqrt(t.float().pow(2).mean(-1, keepdim=True) + 1e-5).to(t.dtype)

    def step():
        h = x
        for layer in layers:
            qkv = rms_norm(h) @ layer["qkv"]
            q = qkv[:, : heads * head_dim].reshape(batch, kv_heads, group, head_dim)
            attn = sdpa(q, layer["k"], layer["v"]).reshape(batch, heads * head_dim)
            h = h + attn @ layer["o"]
            gate, up = (rms_norm(h) @ layer["gate_up"]).chunk(2, dim=-1)
            h = h + (torch.nn.functional.silu(gate) * up) @ layer["down"]
        return h

    try:
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            step()
        seconds, count = time_cuda(torch, graph.replay, 5, reps)
    except RuntimeError as error:
        skipped.append({"what": "decode step", "reason": str(error).splitlines()[0][:200]})
        return
    record = {"kind": "decode-step", "precision": "bf16", "cudaGraph": True, "seconds": seconds, "repetitions": count}
    record.update(s)
    out.append(record)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    quick = "--quick" in argv[1:]
    if len(args) != 1:
        fail("usage: python3 probe.py out.json [--quick]")
    try:
        import torch
    except ImportError:
        fail("PyTorch is not installed (pip install torch)")
    if not torch.cuda.is_available():
        fail("no CUDA device is visible to PyTorch")
    torch.backends.cuda.matmul.allow_tf32 = False
    props = torch.cuda.get_device_properties(0)
    reps = 10 if quick else 30
    measurements = []
    skipped = []
    probe_gemm(torch, measurements, skipped, QUICK_GEMM_SHAPES if quick else GEMM_SHAPES, reps)
    torch.cuda.empty_cache()
    probe_memory(torch, measurements, (256 if quick else 1024) * 1024 * 1024, reps)
    torch.cuda.empty_cache()
    probe_attention(torch, measurements, skipped, reps, quick)
    torch.cuda.empty_cache()
    probe_decode_step(torch, measurements, skipped, reps)
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "kind": "tppbench-probe",
        "tool": {"name": "tppbench-probe", "version": PROBE_VERSION},
        "createdAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "device": {
            "name": props.name,
            "computeCapability": "%d.%d" % (props.major, props.minor),
            "smCount": props.multi_processor_count,
            "memoryBytes": props.total_memory,
        },
        "software": {
            "torch": torch.__version__,
            "cuda": torch.version.cuda or "unknown",
            "python": platform.python_version(),
        },
        "measurements": measurements,
        "skipped": skipped,
    }
    with open(args[0], "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    print("probe: %d measurements, %d skipped, written to %s" % (len(measurements), len(skipped), args[0]))


if __name__ == "__main__":
    main(sys.argv)
