"""Look for committed secrets in the files git tracks: private keys, AWS keys, JWTs, high-entropy assignments.

    python scripts/secret_scan.py [ROOT]     exit 1 and one line per finding when something is found

A known, harmless value (a published demo password, a test fixture) is allowed by listing
`path:pattern-name:sha256-prefix-of-the-value` in `.secret-scan-allow`; the file says why for each.
"""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ALLOW_FILE = ".secret-scan-allow"
MAX_FILE_BYTES = 2_000_000
PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "aws access key id": re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    "aws secret access key": re.compile(
        r"(?i)aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
    ),
    "jwt": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "slack or github token": re.compile(r"\b(?:xox[abpr]-[0-9A-Za-z-]{10,}|gh[pousr]_[0-9A-Za-z]{36,})\b"),
}
# `name = "value"` or `"name": "value"` where the name says secret and the value looks random.
ASSIGNMENT = re.compile(
    r"(?i)([\w.-]*(?:secret|password|passwd|token|api_?key|signing_?key|private_?key)[\w.-]*)[\"']?\s*[:=]\s*"
    r"[\"']([^\"'\s]{20,})[\"']"
)
MIN_ENTROPY_BITS = 3.8


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    value: str

    @property
    def fingerprint(self) -> str:
        return f"{self.path}:{self.kind}:{hashlib.sha256(self.value.encode()).hexdigest()[:12]}"

    def __str__(self) -> str:
        shown = self.value[:6] + "..." if len(self.value) > 6 else self.value
        return f"{self.path}:{self.line}: {self.kind} ({shown}) [{self.fingerprint}]"


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def scan_text(path: str, text: str) -> list[Finding]:
    findings = []
    for number, line in enumerate(text.splitlines(), 1):
        for kind, pattern in PATTERNS.items():
            for match in pattern.finditer(line):
                findings.append(Finding(path, number, kind, match.group(match.lastindex or 0)))
        for match in ASSIGNMENT.finditer(line):
            value = match.group(2)
            if entropy(value) >= MIN_ENTROPY_BITS and not _is_reference(value):
                findings.append(Finding(path, number, "high-entropy secret assignment", value))
    return findings


def _is_reference(value: str) -> bool:
    """Values that name a secret rather than hold one: ARNs, templates, environment lookups, file paths."""
    return value.startswith(("arn:", "{{", "${", "!", "/", "http")) or "%(" in value or value.isupper()


def tracked_files(root: Path) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name]


def scan(root: Path, files: list[str] | None = None) -> list[Finding]:
    """Findings in the tracked files of `root` that the allow-list does not name."""
    allowed = _allowed(root)
    findings = []
    for name in files if files is not None else tracked_files(root):
        path = root / name
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            continue
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # binary
        findings += [f for f in scan_text(name, data.decode("utf-8", "replace")) if f.fingerprint not in allowed]
    return findings


def _allowed(root: Path) -> set[str]:
    allow = root / ALLOW_FILE
    if not allow.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in allow.read_text().splitlines())
    return {line for line in lines if line}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else ".").resolve()
    findings = scan(root)
    for finding in findings:
        print(finding)
    print(f"secret scan: {len(findings)} finding(s) in {len(tracked_files(root))} tracked files", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
