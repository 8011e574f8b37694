"""The same model and SGD step as TinyLab, written in numpy (float32, batch 64), timed per
configuration: the baseline `tinylab bench` is compared with. Run with one BLAS thread:

    OPENBLAS_NUM_THREADS=1 python3 Tests/interop/numpy_speed.py
"""

import time

import numpy as np

CONFIGS = {"A": (256, 8, 10, 64), "B": (512, 16, 10, 128), "C": (1024, 32, 16, 256)}


def examples_per_second(V, E, C, H, B=64, seconds=1.0, lr=np.float32(0.1)):
    rng = np.random.default_rng(1)
    emb = rng.standard_normal((V, E), dtype=np.float32)
    w1 = (rng.standard_normal((H, C * E), dtype=np.float32) / np.sqrt(C * E)).astype(np.float32)
    b1 = np.zeros(H, np.float32)
    w2 = (rng.standard_normal((V, H), dtype=np.float32) * 0.05).astype(np.float32)
    b2 = np.zeros(V, np.float32)
    data = rng.integers(0, V, 20000)

    def step():
        nonlocal emb, w1, b1, w2, b2
        idx = rng.integers(C, len(data), B)
        ctx = data[idx[:, None] - C + np.arange(C)]
        y = data[idx]
        x = emb[ctx].reshape(B, C * E)
        h = np.tanh(x @ w1.T + b1)
        logits = h @ w2.T + b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(B), y] -= 1
        dlogits = p / B
        dw2 = dlogits.T @ h
        db2 = dlogits.sum(0)
        dz = (dlogits @ w2) * (1 - h * h)
        dw1 = dz.T @ x
        db1 = dz.sum(0)
        dx = (dz @ w1).reshape(B, C, E)
        demb = np.zeros_like(emb)
        np.add.at(demb, ctx, dx)
        emb -= lr * demb
        w1 -= lr * dw1
        b1 -= lr * db1
        w2 -= lr * dw2
        b2 -= lr * db2

    for _ in range(20):
        step()
    t = time.perf_counter()
    n = 0
    while time.perf_counter() - t < seconds:
        step()
        n += 1
    return n * B / (time.perf_counter() - t)


if __name__ == "__main__":
    for name, (V, E, C, H) in CONFIGS.items():
        runs = sorted(examples_per_second(V, E, C, H) for _ in range(3))
        print(f"{name} V={V} E={E} C={C} H={H}: {runs[1]:.0f} examples/s (median of 3)")
