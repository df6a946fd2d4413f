"""Small numpy helpers for 16-bit mono PCM WAV: read, write, resample, trim, normalise. Qt-free."""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

#: The one format every clip, the chime and every rendered announcement share, so they can be joined.
SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
CHANNELS = 1

Samples = npt.NDArray[np.float32]


def read_wav(source: str | Path | BinaryIO) -> tuple[Samples, int]:
    """Read a 16-bit PCM WAV as float32 in [-1, 1]; stereo is mixed down to mono."""
    with wave.open(source if not isinstance(source, Path) else str(source), "rb") as w:
        if w.getsampwidth() != SAMPLE_WIDTH:
            raise ValueError(f"{source}: expected 16-bit PCM, got {8 * w.getsampwidth()}-bit")
        rate, channels, frames = w.getframerate(), w.getnchannels(), w.readframes(w.getnframes())
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data.astype(np.float32), rate


def wav_bytes(samples: npt.ArrayLike, rate: int = SAMPLE_RATE) -> bytes:
    """Encode float samples in [-1, 1] as a 16-bit mono PCM WAV file (clipped, not wrapped)."""
    pcm = np.clip(np.asarray(samples, dtype=np.float64), -1.0, 1.0)
    ints = np.round(pcm * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(rate)
        w.writeframes(ints.tobytes())
    return buf.getvalue()


def write_wav(path: str | Path, samples: npt.ArrayLike, rate: int = SAMPLE_RATE) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wav_bytes(samples, rate))
    return path


def duration(path: str | Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def resample(x: npt.ArrayLike, src_rate: int, dst_rate: int) -> Samples:
    """Band-limited resampling by FFT (zero-padded so the edges do not wrap). Fine for clips of seconds."""
    data = np.asarray(x, dtype=np.float64)
    if src_rate == dst_rate or data.size == 0:
        return data.astype(np.float32)
    n_out = int(round(data.size * dst_rate / src_rate))
    pad = int(0.05 * src_rate)  # 50 ms of silence on each side absorbs the FFT's circular wrap
    padded = np.concatenate([np.zeros(pad), data, np.zeros(pad)])
    spectrum = np.fft.rfft(padded)
    m_out = int(round(padded.size * dst_rate / src_rate))
    out = np.fft.irfft(spectrum[: m_out // 2 + 1], n=m_out) * (m_out / padded.size)
    start = int(round(pad * dst_rate / src_rate))
    return out[start : start + n_out].astype(np.float32)


def trim_silence(
    x: npt.ArrayLike,
    rate: int = SAMPLE_RATE,
    *,
    threshold_db: float = -40.0,
    pad_ms: float = 15.0,
    fade_ms: float = 5.0,
) -> Samples:
    """Cut leading/trailing parts quieter than ``threshold_db`` below the peak; keep a short pad; fade the edges."""
    data = np.asarray(x, dtype=np.float32)
    if data.size == 0:
        return data
    peak = float(np.max(np.abs(data)))
    if peak == 0.0:
        return data[:0]
    frame = max(1, int(rate * 0.005))  # 5 ms envelope frames
    n_frames = data.size // frame
    env = np.abs(data[: n_frames * frame]).reshape(n_frames, frame).max(axis=1)
    loud = np.nonzero(env > peak * 10 ** (threshold_db / 20))[0]
    pad = int(rate * pad_ms / 1000)
    start = max(0, loud[0] * frame - pad)
    end = min(data.size, (loud[-1] + 1) * frame + pad)
    return fade_edges(data[start:end], rate, fade_ms)


def fade_edges(x: npt.ArrayLike, rate: int = SAMPLE_RATE, fade_ms: float = 5.0) -> Samples:
    """Raised-cosine fade in and out so joins do not click."""
    data = np.array(x, dtype=np.float32)
    n = min(int(rate * fade_ms / 1000), data.size // 2)
    if n > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)
        data[:n] *= ramp
        data[-n:] *= ramp[::-1]
    return data


def active_rms(x: npt.ArrayLike, rate: int = SAMPLE_RATE, *, gate_db: float = -30.0) -> float:
    """RMS over the 20 ms frames within ``gate_db`` of the loudest frame (so pauses do not count)."""
    data = np.asarray(x, dtype=np.float64)
    frame = max(1, int(rate * 0.02))
    n_frames = data.size // frame
    if n_frames == 0:
        return float(np.sqrt(np.mean(data**2))) if data.size else 0.0
    rms = np.sqrt(np.mean(data[: n_frames * frame].reshape(n_frames, frame) ** 2, axis=1))
    active = rms[rms > rms.max() * 10 ** (gate_db / 20)]
    return float(np.sqrt(np.mean(active**2))) if active.size else 0.0


def normalise_loudness(
    x: npt.ArrayLike, rate: int = SAMPLE_RATE, *, target_db: float = -18.0, peak_db: float = -1.0
) -> Samples:
    """Scale so the active-speech RMS is ``target_db`` dBFS, but never let the peak exceed ``peak_db`` dBFS."""
    data = np.asarray(x, dtype=np.float32)
    level = active_rms(data, rate)
    if level == 0.0:
        return data
    gain = 10 ** (target_db / 20) / level
    peak = float(np.max(np.abs(data)))
    gain = min(gain, 10 ** (peak_db / 20) / peak)
    return (data * gain).astype(np.float32)


def silence(ms: float, rate: int = SAMPLE_RATE) -> Samples:
    return np.zeros(int(round(rate * ms / 1000)), dtype=np.float32)
