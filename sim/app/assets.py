"""Install the page's front-end assets from the npm registry, so the classroom page works offline.

Solara's page loads its JavaScript, CSS and fonts through ``/_solara/cdn/<package>@<version>/<file>``.
The server answers those from ``<venv>/share/solara/cdn`` and, when a file is missing there, fetches it
from a content delivery network (jsdelivr) on the fly: with no internet, or a school firewall, the page
stays blank. ``python -m sim.app.assets`` downloads each package's tarball from the npm registry once
(checking the registry's sha512), and unpacks it where the server looks. ``--check`` only reports.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
# source maps are only for a browser's developer tools and double the size
SKIP_SUFFIXES = (".map",)


@dataclass(frozen=True, order=True)
class Package:
    name: str
    version: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @classmethod
    def parse(cls, spec: str) -> Package:
        name, _, version = spec.rpartition("@")
        return cls(name, version)


def cache_dir() -> Path:
    """Where Solara's server looks for CDN files (``<sys.prefix>/share/solara/cdn``)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


SPEC = re.compile(r"(?:\{\{ ?cdn ?\}\}|getCdn\(\)\})/((?:@[a-z0-9._-]+/)?[a-z0-9._-]+@\d+\.\d+\.\d+[\w.+-]*)/")


def required_packages() -> list[Package]:
    """The npm packages (exact versions) the installed Solara asks its CDN for.

    Read off Solara's page template and its components' front-end code (the grid layout Mesa's page uses,
    the Markdown renderer's KaTeX and Mermaid, RequireJS), so an upgraded Solara brings its new versions
    here too. Solara's own website folder and range-versioned packages (vega@5, which no page here uses)
    are left out.
    """
    import solara
    from solara.server import settings

    root = Path(solara.__file__).parent
    specs = {settings.assets.fontawesome_path.strip("/").split("/")[0]}
    for path in root.rglob("*"):
        if path.suffix in (".j2", ".vue", ".py", ".js") and "website" not in path.relative_to(root).parts:
            specs.update(SPEC.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(Package.parse(s) for s in specs)


def _get(url: str, timeout: float = 60.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "durand-escalation-assets"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _verify(data: bytes, integrity: str, spec: str) -> None:
    """Check a tarball against the registry's Subresource Integrity string (``sha512-<base64>``)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha384", "sha256", "sha1"):
        raise RuntimeError(f"{spec}: unknown integrity algorithm {algorithm!r}")
    found = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if found != expected:
        raise RuntimeError(f"{spec}: the tarball's {algorithm} does not match the registry's; not installed")


def _unpack(data: bytes, target: Path) -> int:
    """Unpack an npm tarball's ``package/`` folder into ``target``; returns the number of files."""
    staging = target.with_name(target.name + ".partial")
    if staging.exists():
        import shutil

        shutil.rmtree(staging)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.endswith(SKIP_SUFFIXES):
                continue
            # npm tarballs put everything under one top folder (usually package/)
            relative = Path(*Path(member.name).parts[1:])
            out = (staging / relative).resolve()
            if not out.is_relative_to(staging.resolve()):
                raise RuntimeError(f"refusing a tarball entry outside its folder: {member.name}")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(tar.extractfile(member).read())
            count += 1
    staging.replace(target)  # the folder appears complete or not at all
    return count


def is_installed(package: Package, root: Path) -> bool:
    return (root / package.spec / "package.json").is_file()


def install(package: Package, root: Path) -> int:
    """Download ``package`` from the npm registry into ``root/<name>@<version>``; returns its file count."""
    meta = json.loads(_get(f"{REGISTRY}/{package.name}/{package.version}"))
    data = _get(meta["dist"]["tarball"])
    _verify(data, meta["dist"]["integrity"], package.spec)
    target = root / package.spec
    target.parent.mkdir(parents=True, exist_ok=True)
    return _unpack(data, target)


def missing(root: Path | None = None) -> list[Package]:
    root = root or cache_dir()
    return [p for p in required_packages() if not is_installed(p, root)]


def ensure_installed(quiet: bool = False) -> bool:
    """Install what is missing (needs the npm registry once); True when every package is present."""
    root = cache_dir()
    for p in missing(root):
        try:
            n = install(p, root)
        except (OSError, RuntimeError, KeyError, ValueError) as exc:
            print(f"could not install {p.spec} from {REGISTRY}: {exc}", file=sys.stderr)
            return False
        if not quiet:
            print(f"installed {p.spec} ({n} files) into {root}")
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.app.assets", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is missing (exit 1 if any)")
    args = parser.parse_args(argv)
    root = cache_dir()
    absent = missing(root)
    if args.check:
        for p in absent:
            print(f"missing: {p.spec} (in {root})")
        if not absent:
            print(f"page assets: all {len(required_packages())} packages present in {root}")
        return 1 if absent else 0
    if not ensure_installed():
        print("The page would then need the internet (a CDN) to show anything; see docs/classroom.md.",
              file=sys.stderr)
        return 1
    print(f"page assets: all {len(required_packages())} packages present in {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
