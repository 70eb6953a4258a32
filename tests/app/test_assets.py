"""The page's front-end assets: which packages, checked and unpacked safely, installed where Solara looks."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile

import pytest

from sim.app import assets


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_required_packages_are_what_the_page_template_asks_for():
    specs = {p.spec for p in assets.required_packages()}
    import solara.server

    template = (assets.Path(solara.server.__file__).parent / "templates" / "solara.html.j2").read_text()
    assert "requirejs@2.3.6" in specs and any(s.startswith("font-awesome@") for s in specs)
    for spec in specs:  # exact versions only, each named in Solara's own files
        assert "@" in spec.lstrip("@") and spec.rsplit("@", 1)[1][0].isdigit()
    assert any(s in template for s in specs if s.startswith("@widgetti/solara-vuetify-app@"))


def test_package_spec_round_trips():
    p = assets.Package.parse("@widgetti/vue-grid-layout@2.3.13-alpha.2")
    assert (p.name, p.version, p.spec) == ("@widgetti/vue-grid-layout", "2.3.13-alpha.2",
                                           "@widgetti/vue-grid-layout@2.3.13-alpha.2")


def test_integrity_is_checked():
    data = b"some tarball"
    good = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    assets._verify(data, good, "x@1.0.0")
    with pytest.raises(RuntimeError, match="does not match"):
        assets._verify(data + b"!", good, "x@1.0.0")
    with pytest.raises(RuntimeError, match="unknown integrity"):
        assets._verify(data, "md5-abc", "x@1.0.0")


def test_unpack_strips_the_top_folder_and_skips_source_maps(tmp_path):
    data = _tarball({"package/package.json": b"{}", "package/dist/app.js": b"js", "package/dist/app.js.map": b"map"})
    target = tmp_path / "x@1.0.0"
    assert assets._unpack(data, target) == 2
    assert (target / "dist" / "app.js").read_bytes() == b"js" and not (target / "dist" / "app.js.map").exists()
    assert assets.is_installed(assets.Package("x", "1.0.0"), tmp_path)


def test_unpack_refuses_entries_outside_the_folder(tmp_path):
    data = _tarball({"package/../../evil.js": b"x"})
    with pytest.raises(RuntimeError, match="outside"):
        assets._unpack(data, tmp_path / "x@1.0.0")
    assert not (tmp_path.parent / "evil.js").exists()


def test_the_set_up_installed_them_where_solara_looks():
    from solara.server import settings

    assert assets.cache_dir() == assets.Path(settings.assets.proxy_cache_dir)
    assert assets.missing() == [], "run `python -m sim.app.assets` (scripts/setup-venv does)"
