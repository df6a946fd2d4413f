"""The built wheel works on its own: installed in a fresh venv and run from a folder outside the checkout.

The venv borrows the test venv's dependencies through a ``.pth`` line (so nothing is downloaded), but madoguchi
itself is the wheel: the test checks that ``shared`` is imported from the new venv, not from the checkout.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("shared", "kiosk", "counter", "display", "supervisor", "pyproject.toml", "README.md")


def _build_wheel(out: Path) -> Path:
    """``pip wheel --no-deps`` of a clean copy of the sources (the build writes build/ and *.egg-info)."""
    src = out / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            src.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("madoguchi-*.whl")
    return wheel


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _image(path: Path) -> QImage:
    img = QImage(str(path))
    assert not img.isNull(), path
    return img


@pytest.mark.slow
def test_the_wheel_runs_every_app_from_outside_the_checkout(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    for must in (
        "yokohama-ward.toml",
        "kiosk_ja.qm",
        "chime.wav",
        "tuesday.toml",
        "office.html",
        "check.svg",
    ):
        assert any(n.endswith("/" + must) for n in names), f"{must} is not in {wheel.name}"
    assert sum(n.endswith(".wav") for n in names) > 50  # the voice clips ship too

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # the dependencies from this venv; a plain path line, so its editable-install hook is not run
    (site / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )

    work = tmp_path / "office"  # outside the checkout
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MADOGUCHI_", "PYTHON"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    madoguchi = str(bindir / "madoguchi")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [madoguchi, "--db", str(work / "w.db"), *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr
        return done

    where = subprocess.run(
        [str(py), "-c", "import shared; print(shared.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(env_dir)), f"madoguchi came from {where}, not the wheel"
    voice = subprocess.run(
        [
            str(py),
            "-c",
            "from display.announcement import load_clips; from display.clips import VOICE_DIR, all_clip_names; "
            "print(len(load_clips(all_clip_names())), VOICE_DIR)",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    count, folder = voice.stdout.split()
    assert int(count) > 50 and folder.startswith(str(env_dir)), (
        voice.stdout + voice.stderr
    )  # every voice clip

    assert "initialised" in run("init").stdout
    ja = run("kiosk", "--screenshot", "k-ja.png", "--lang", "ja")
    assert "no translation file" not in ja.stderr
    run("kiosk", "--screenshot", "k-en.png", "--lang", "en")
    assert _image(work / "k-ja.png") != _image(work / "k-en.png")  # Japanese, not the English fallback
    run("display", "--screenshot", "d.png")
    assert _image(work / "d.png").width() > 0
    run("supervisor", "--screenshot", "s.png")  # the sign-in page of the installed console
    assert _image(work / "s.png").width() > 0
    scenarios = run("simulate", "--list").stdout.split()
    assert "tuesday" in " ".join(scenarios)

    port = _free_port()
    web = subprocess.Popen(
        [
            madoguchi,
            "--db",
            str(work / "w.db"),
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-alerts",
        ],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 60, ""
        while time.monotonic() < deadline and web.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    page = resp.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert "みなと区役所" in page, web.stderr.read() if web.poll() is not None else "no page"
    finally:
        web.terminate()
        web.wait(timeout=30)
