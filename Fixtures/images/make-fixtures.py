#!/usr/bin/env python3
"""Writes the hand-made tar fixtures of Fixtures/images/ (see README.md). Deterministic:
fixed owners, modes and times, so re-running it rewrites the same bytes."""
import gzip
import hashlib
import io
import json
import os
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
LONG = "usr/share/posture/" + "a-very-long-folder-name-that-does-not-fit/" * 3 + "file.txt"


def info(name, kind=tarfile.REGTYPE, mode=0o644, size=0, link=""):
    t = tarfile.TarInfo(name)
    t.type, t.mode, t.size, t.linkname = kind, mode, size, link
    t.uid = t.gid = 0
    t.uname = t.gname = "root"
    t.mtime = 0
    return t


def add(tar, name, data=None, **kw):
    if data is None:
        tar.addfile(info(name, **kw))
    else:
        data = data.encode() if isinstance(data, str) else data
        tar.addfile(info(name, size=len(data), **kw), io.BytesIO(data))


def names_tar(fmt):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as tar:
        add(tar, "./etc/", kind=tarfile.DIRTYPE, mode=0o755)
        add(tar, "./" + LONG, "hello\n")
        add(tar, "./usr/bin/passwd", "x" * 700, mode=0o4755)
        add(tar, "./usr/bin/long-link", kind=tarfile.SYMTYPE, link="/" + LONG)
        add(tar, "./usr/bin/hard", kind=tarfile.LNKTYPE, link="./usr/bin/passwd", mode=0o4755)
    return out.getvalue()


def layer(entries, compress=False):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            add(tar, *entry[:2], **(entry[2] if len(entry) > 2 else {}))
    data = out.getvalue()
    return gzip.compress(data, mtime=0) if compress else data


BASE = [
    ("bin/", None, {"kind": tarfile.DIRTYPE, "mode": 0o755}),
    ("bin/busybox", "\x7fELF busybox stand-in", {"mode": 0o755}),
    ("bin/sh", None, {"kind": tarfile.SYMTYPE, "link": "busybox"}),
    ("etc/", None, {"kind": tarfile.DIRTYPE, "mode": 0o755}),
    ("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\nweb:x:1000:1000::/app:/bin/sh\n"),
    ("etc/shadow", "root:*:19000::::::\ntoor::19000::::::\n", {"mode": 0o640}),
    ("etc/group", "root:x:0:\nweb:x:1000:\nadmins:x:1000:\n"),
    ("etc/os-release", 'ID=alpine\nVERSION_ID=3.20.1\nPRETTY_NAME="Alpine Linux v3.20"\n'),
    ("etc/secret.jks", "keystore"),
    ("lib/apk/db/installed", "P:musl\nV:1.2\n\nP:busybox\nV:1.36\n\nP:apk-tools\nV:2.14\n"),
    ("sbin/apk", "apk stand-in", {"mode": 0o755}),
    ("srv/data/credentials.json", "{}"),
    ("usr/bin/sudo", "sudo stand-in", {"mode": 0o4755}),
]
TOP = [
    ("etc/.wh.secret.jks", ""),
    ("srv/data/.wh..wh..opq", ""),
    ("srv/data/notes", "kept"),
    ("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n", {"mode": 0o600}),
    ("usr/local/bin/helper", "#!/bin/sh\n", {"mode": 0o2755}),
]


def outer(files):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files:
            if isinstance(data, tuple):  # ("symlink", target)
                add(tar, name, kind=tarfile.SYMTYPE, link=data[1])
            else:
                add(tar, name, data)
    return out.getvalue()


def docker_archive():
    one, two = layer(BASE), layer(TOP, compress=True)
    files = [
        ("1111/VERSION", "1.0"), ("1111/json", "{}"), ("1111/layer.tar", one),
        ("2222/VERSION", "1.0"), ("2222/json", "{}"), ("2222/layer.tar", two),
        # a layer seen twice is linked to its first copy by docker save: the manifest names the link
        ("3333/layer.tar", ("symlink", "../1111/layer.tar")),
        ("config.json", json.dumps({"architecture": "amd64"})),
        ("manifest.json", json.dumps([{"Config": "config.json", "RepoTags": ["fixture:1"],
                                        "Layers": ["3333/layer.tar", "2222/layer.tar"]}])),
    ]
    return outer(files)


def oci_layout(corrupt=False):
    one, two = layer(BASE), layer(TOP, compress=True)
    if corrupt:
        two = bytearray(layer(TOP))
        two[100] ^= 0xFF  # the first header's checksum no longer matches
        two = bytes(two)
    config = json.dumps({"architecture": "amd64", "padding": "x" * 600}).encode()
    blobs = {hashlib.sha256(b).hexdigest(): b for b in (one, two, config)}
    h1, h2, hc = (hashlib.sha256(b).hexdigest() for b in (one, two, config))
    files = [("blobs/", None)] + [(f"blobs/sha256/{h}", b) for h, b in sorted(blobs.items())]
    files += [
        ("index.json", json.dumps({"schemaVersion": 2})), ("oci-layout", '{"imageLayoutVersion":"1.0.0"}'),
        ("manifest.json", json.dumps([{"Config": f"blobs/sha256/{hc}", "RepoTags": ["fixture:oci"],
                                        "Layers": [f"blobs/sha256/{h1}", f"blobs/sha256/{h2}"]}])),
    ]
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files:
            if data is None:
                add(tar, name, kind=tarfile.DIRTYPE, mode=0o755)
            else:
                add(tar, name, data)
    return out.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


write("names-pax.tar", names_tar(tarfile.PAX_FORMAT))
write("names-gnu.tar", names_tar(tarfile.GNU_FORMAT))
write("export-docker-archive.tar", docker_archive())
write("export-oci-layout.tar", oci_layout())
write("export-corrupt-layer.tar", oci_layout(corrupt=True))
