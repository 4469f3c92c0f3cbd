#!/usr/bin/env python3
"""The kernel as the oracle for `ksurf check` (run by run.sh).

Usage: oracle.py KSURF DB OUTDIR RELEASE[=IMAGE_NAME]... -- FILE...

FILEs are BPF objects, binaries embedding them (libbpf skeletons: cut out by
their ELF headers, as ksurf finds them) or BPF C sources (*.bpf.c, compiled
with clang -target bpf -O2 -g).  Every object is written to OUTDIR/objs/, so
the kernel and ksurf see the same bytes.  For each RELEASE, Debian's
vmlinuz-RELEASE boots under qemu-system-x86_64 (TCG) with an initramfs
holding a static libbpf loader (loader.c) and the objects; the loader loads
each program alone and attaches it.  Its RESULT lines go to
OUTDIR/loader-RELEASE.tsv; `ksurf check --image IMAGE_NAME --format json`
over the same objects to OUTDIR/ksurf.json; both compared per program:

  the loader fails: load failed, or attach failed (attach=-EOPNOTSUPP of a
    perf_event program counts as attached);
  ksurf fails: the program's verdict (per-program "verdict" when ksurf's JSON
    has it, else its object's) is "fails"; for an optional program (`?`
    section: the loader enables it explicitly, ksurf caps its verdict at
    "degraded", the tool's fallback running instead) anything but "ok".

Programs whose section the loader's libbpf does not know are "loader too
old", kept out of the agreement.  Prints one DIFF line per disagreement, a
table per release, the libbpf version; writes OUTDIR/agreement.json.  Exit 0,
or 2 with one error line when something could not run.

Environment: ORACLE_TIMEOUT (s per boot, default 120), ORACLE_JOBS (boots at
once, default the number of cores), ORACLE_PROGS_PER_BOOT (programs per boot,
default 400: more are split across boots), KSURF_CACHE.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from bpf_objects import objects  # noqa: E402
ERRNAMES = {1: "EPERM", 2: "ENOENT", 3: "ESRCH", 7: "E2BIG", 13: "EACCES", 14: "EFAULT", 16: "EBUSY",
            22: "EINVAL", 28: "ENOSPC", 95: "EOPNOTSUPP", 99: "EADDRNOTAVAIL", 524: "ENOTSUPP"}


class Fatal(Exception):
    pass



# Sections whose target the loader must set (bpf_program__set_attach_target):
# libbpf refuses to load them as written.
RUNTIME_TARGET = {"fentry", "fexit", "fmod_ret", "fentry.s", "fexit.s", "fmod_ret.s", "tp_btf",
                  "lsm", "lsm.s", "freplace", "iter", "iter.s"}

def stem(path):
    b = os.path.basename(path)
    for suf in (".bpf.c", ".bpf.o", ".o"):
        if b.endswith(suf):
            return b[:-len(suf)]
    return b


def prepare(files, objdir):
    """Objects of FILES into OBJDIR: [(objpath, source, offset)]."""
    os.makedirs(objdir, exist_ok=True)
    out, used = [], set()

    def put(name, blob, src, off):
        n, k = name, 1
        while n in used:
            k += 1
            n = f"{name}.{k}"
        used.add(n)
        p = os.path.join(objdir, n + ".bpf.o")
        with open(p, "wb") as f:
            f.write(blob)
        out.append((p, src, off))

    for f in files:
        if f.endswith(".bpf.c"):
            tmp = os.path.join(objdir, ".cc.o")
            cmd = ["clang", "-target", "bpf", "-D__TARGET_ARCH_x86", "-O2", "-g", "-Wall",
                   "-I", os.path.dirname(os.path.abspath(f)), "-c", f, "-o", tmp]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                raise Fatal(f"clang {f}: {(r.stderr.strip().splitlines() or ['failed'])[0]}")
            put(stem(f), open(tmp, "rb").read(), f, 0)
            os.unlink(tmp)
            continue
        try:
            data = open(f, "rb").read()
        except OSError as e:
            raise Fatal(f"{f}: {e.strerror}")
        objs = objects(data)
        if not objs:
            print(f"NOTE: {f}: no BPF object in it, skipped")
        for n, (off, blob) in enumerate(objs):
            put(stem(f) if n == 0 else f"{stem(f)}.{n + 1}", blob, f, off)
    return out


def run_ksurf(ksurf, db, images, objs, outdir):
    """ksurf check over OBJS on IMAGES: the JSON document, files it refused noted."""
    base = [ksurf, "--db", db, "check", "--image", ",".join(images), "--format", "json"]
    r = subprocess.run(base + objs, capture_output=True, text=True)
    if r.returncode in (0, 1):
        doc = json.loads(r.stdout)
    else:  # one file it refuses stops the run: check them one by one
        doc = None
        for o in objs:
            r1 = subprocess.run(base + [o], capture_output=True, text=True)
            if r1.returncode not in (0, 1):
                print(f"NOTE: ksurf check refuses {os.path.basename(o)}: {r1.stderr.strip()}")
                continue
            d = json.loads(r1.stdout)
            if doc is None:
                doc = d
            else:
                doc["programs"] += d["programs"]
        if doc is None:
            raise Fatal(f"ksurf check: {r.stderr.strip()}")
    with open(os.path.join(outdir, "ksurf.json"), "w") as f:
        json.dump(doc, f, indent=1)
    return doc


def sh(cmd, what):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise Fatal(f"{what}: {(r.stderr.strip().splitlines() or ['exit %d' % r.returncode])[-1]}")
    return r.stdout.strip().splitlines()[-1]


def boot(vmlinuz, initrd, serial, timeout):
    cmd = ["timeout", str(timeout), "qemu-system-x86_64", "-m", "1024", "-smp", "1", "-nographic",
           "-no-reboot", "-kernel", vmlinuz, "-initrd", initrd,
           "-append", "console=ttyS0 panic=-1 quiet"]
    t0 = time.monotonic()
    with open(serial, "wb") as f:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT)
    dt = time.monotonic() - t0
    text = open(serial, "rb").read().decode("utf-8", "replace").replace("\r", "")
    lines = []
    done = False
    libbpf = kernel = None
    for line in text.split("\n"):
        k = line.find("RESULT\t")
        if k >= 0:
            lines.append(line[k:])
        elif "ORACLE-DONE" in line:
            done = True
        elif "ORACLE-LIBBPF\t" in line:
            libbpf = line.split("ORACLE-LIBBPF\t", 1)[1].strip()
        elif "ORACLE-KERNEL " in line:
            kernel = line.split("ORACLE-KERNEL ", 1)[1].strip()
    return {"lines": lines, "done": done, "seconds": dt, "libbpf": libbpf, "kernel": kernel}


def errname(v):
    m = re.fullmatch(r"-(\d+)", v)
    if m:
        n = int(m.group(1))
        return f"-{ERRNAMES.get(n, n)}"
    return v


def main():
    argv = sys.argv[1:]
    if "--" not in argv or len(argv[:argv.index("--")]) < 4:
        raise Fatal("usage: run.sh KSURF DB OUTDIR RELEASE[=IMAGE_NAME]... -- FILE...")
    sep = argv.index("--")
    ksurf, db, outdir = argv[:3]
    rels = [a.split("=", 1) if "=" in a else [a, a] for a in argv[3:sep]]
    files = argv[sep + 1:]
    if not files:
        raise Fatal("no FILE given")
    if not (os.path.isfile(ksurf) and os.access(ksurf, os.X_OK)):
        raise Fatal(f"{ksurf}: not an executable")
    if not os.path.isfile(db):
        raise Fatal(f"{db}: no dataset")
    for tool in ("qemu-system-x86_64", "clang", "timeout"):
        if not shutil.which(tool):
            raise Fatal(f"{tool} is missing")
    os.makedirs(outdir, exist_ok=True)
    t_start = time.monotonic()

    objdir = os.path.join(outdir, "objs")
    shutil.rmtree(objdir, ignore_errors=True)
    objs = prepare(files, objdir)
    with open(os.path.join(outdir, "manifest.tsv"), "w") as f:
        for p, src, off in objs:
            f.write(f"{os.path.basename(p)}\t{src}\t{off}\n")
    print(f"objects: {len(objs)} from {len(files)} files")

    images = [img for _, img in rels]
    doc = run_ksurf(ksurf, db, images, [p for p, _, _ in objs], outdir)
    if len(doc["images"]) != len(rels):
        raise Fatal(f"ksurf check names {len(doc['images'])} images for {len(rels)} releases")
    fullname = {rel: doc["images"][k] for k, (rel, _) in enumerate(rels)}
    ksurf_objs = {os.path.basename(p["file"]): p for p in doc["programs"]}

    # boots: objects split so that no boot carries more than PER programs
    per = int(os.environ.get("ORACLE_PROGS_PER_BOOT", "400"))
    chunks, cur, n = [], [], 0
    for p, _, _ in objs:
        k = max(1, len(ksurf_objs.get(os.path.basename(p), {}).get("programs", [])))
        if cur and n + k > per:
            chunks.append(cur)
            cur, n = [], 0
        cur.append(p)
        n += k
    if cur:
        chunks.append(cur)
    initrds = []
    for c, chunk in enumerate(chunks):
        d = os.path.join(outdir, f"initrd-{c}")
        if c > 0 and os.path.isfile(os.path.join(outdir, "initrd-0", "loader")):
            os.makedirs(d, exist_ok=True)
            shutil.copy2(os.path.join(outdir, "initrd-0", "loader"), os.path.join(d, "loader"))
        initrds.append(sh([os.path.join(HERE, "build-initramfs.sh"), d] + chunk, "build-initramfs"))
    vmlinuz = {rel: sh([os.path.join(HERE, "fetch-vmlinuz.sh"), rel], f"fetch-vmlinuz {rel}")
               for rel, _ in rels}
    t_boots = time.monotonic()
    timeout = int(os.environ.get("ORACLE_TIMEOUT", "120"))
    jobs = int(os.environ.get("ORACLE_JOBS", str(os.cpu_count() or 1)))
    todo = [(rel, c) for rel, _ in rels for c in range(len(chunks))]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(boot, vmlinuz[rel], initrds[c], os.path.join(outdir, f"serial-{rel}-{c}.txt"),
                          timeout): (rel, c) for rel, c in todo}
        boots = {futs[f]: f.result() for f in futs}
    t_end_boots = time.monotonic()
    errors = []
    libbpf = None
    loader = {}  # rel -> {(objfile, progname): fields}
    for rel, _ in rels:
        rows = []
        for c in range(len(chunks)):
            b = boots[(rel, c)]
            libbpf = libbpf or b["libbpf"]
            print(f"boot {rel} [{c + 1}/{len(chunks)}]: {len(b['lines'])} programs in {b['seconds']:.1f} s"
                  f"{'' if b['done'] else ' (NOT FINISHED: timeout or crash; see serial-%s-%d.txt)' % (rel, c)}")
            if not b["done"]:
                errors.append(f"the {rel} boot {c + 1} did not finish within {timeout} s")
            if b["kernel"] and b["kernel"] != rel:
                errors.append(f"the {rel} boot ran kernel {b['kernel']}")
            rows += b["lines"]
        with open(os.path.join(outdir, f"loader-{rel}.tsv"), "w") as f:
            f.write("".join(r + "\n" for r in rows))
        m = {}
        for r in rows:
            x = r.split("\t")
            if len(x) < 6:
                continue
            m[(x[1], x[3])] = {"section": x[2], "load": x[4].split("=", 1)[1], "attach": x[5].split("=", 1)[1],
                               "note": x[6] if len(x) > 6 else ""}
        loader[rel] = m

    # comparison, program by program
    rows, source_used = [], {"program": 0, "object": 0}
    for p, src, _ in objs:
        ob = os.path.basename(p)
        ko = ksurf_objs.get(ob)
        kprogs = ko["programs"] if ko else []
        for rel, _ in rels:
            img = fullname[rel]
            seen = set()
            for kp in kprogs:
                seen.add(kp["name"])
                lr = loader[rel].get((ob, kp["name"]))
                if "verdict" in kp and isinstance(kp["verdict"], dict) and img in kp["verdict"]:
                    kv, vsrc = kp["verdict"][img], "program"
                else:
                    kv, vsrc = ko["verdict"][img], "object"
                source_used[vsrc] += 1
                mine = [d for d in ko["dependencies"] if "programs" not in d or kp["name"] in d["programs"]]
                reasons = [f"{d['kind']} {d['name']}: {','.join(d['images'][img]['issues'])} "
                           f"({d['images'][img]['consequence']})"
                           for d in mine if d["images"][img]["consequence"] != "ok"]
                optional = bool(kp.get("optional"))
                kfails = kv == "fails"
                if optional:  # ksurf caps an optional program (and its dependencies) at degraded
                    kfails = kv != "ok"
                row = {"release": rel, "image": img, "file": src, "object": ob, "section": kp["section"],
                       "name": kp["name"], "type": kp.get("type"), "ksurf": kv, "ksurf_verdict_of": vsrc,
                       "ksurf_fails": kfails, "ksurf_reasons": reasons, "optional": optional}
                if lr is None:
                    row.update(status="no-result", loader=None)
                else:
                    load, att = lr["load"], lr["attach"]
                    row.update(loader_load=load, loader_attach=att, loader_note=lr["note"],
                               loader_section=lr["section"])
                    row["optional"] = optional or lr["section"].startswith("?")
                    if load == "unknown-section":
                        row.update(status="loader-too-old")
                    elif kp["section"].lstrip("?") in RUNTIME_TARGET and load != "OK":
                        # no loader loads it before bpf_program__set_attach_target
                        # (retsnoop's fentry/fexit): neither side is about the kernel
                        row.update(status="runtime-target")
                    else:
                        perf_ok = att == "-95" and kp["section"].startswith("perf_event")
                        fails = load != "OK" or att not in ("OK", "skip") and not perf_ok
                        row.update(loader_fails=fails, status="agree" if fails == kfails else "disagree")
                rows.append(row)
            for (o, name), lr in loader[rel].items():  # programs ksurf did not list
                if o == ob and name not in seen:
                    rows.append({"release": rel, "image": img, "file": src, "object": ob,
                                 "section": lr["section"], "name": name, "status": "ksurf-missing",
                                 "loader_load": lr["load"], "loader_attach": lr["attach"],
                                 "loader_note": lr["note"]})

    for r in rows:
        if r["status"] == "disagree":
            lo = f"load={errname(r['loader_load'])},attach={errname(r['loader_attach'])}"
            note = f"  | {r['loader_note']}" if r.get("loader_note") else ""
            why = f"  | ksurf: {'; '.join(r['ksurf_reasons'][:3])}" if r["ksurf_reasons"] else ""
            opt = " (optional: not ok counts as fails)" if r.get("optional") else ""
            print(f"DIFF {r['release']} {stem(r['object'])} {r['section']} ({r['name']}) "
                  f"loader={lo} ksurf={r['ksurf']}{opt}{note}{why}")
        elif r["status"] in ("no-result", "ksurf-missing"):
            print(f"MISSING {r['release']} {stem(r['object'])} {r['section']} ({r['name']}): {r['status']}")

    print()
    hdr = (f"{'release':<26} {'compared':>8} {'agree':>6} {'disagree':>8} {'loader too old':>14} "
           f"{'no result':>9} {'optional':>8} {'run-time target':>15}")
    print(hdr)
    summary = {}
    for rel, _ in rels:
        rr = [r for r in rows if r["release"] == rel]
        s = {k: sum(1 for r in rr if r["status"] == k)
             for k in ("agree", "disagree", "loader-too-old", "no-result", "ksurf-missing",
                       "runtime-target")}
        s["compared"] = s["agree"] + s["disagree"]
        summary[rel] = s
        s["optional"] = sum(1 for r in rr if r.get("optional") and r["status"] in ("agree", "disagree"))
        print(f"{rel:<26} {s['compared']:>8} {s['agree']:>6} {s['disagree']:>8} {s['loader-too-old']:>14} "
              f"{s['no-result'] + s['ksurf-missing']:>9} {s['optional']:>8} {s['runtime-target']:>15}")
    print(f"loader: libbpf {libbpf or '?'} (static); ksurf verdicts: "
          + ("per program" if not source_used["object"] else
             "the object's (ksurf's JSON has no per-program verdict)" if not source_used["program"] else
             f"per program for {source_used['program']}, the object's for {source_used['object']}"))
    print(f"time: {t_end_boots - t_boots:.1f} s for {len(todo)} boot{'s' if len(todo) != 1 else ''} ({jobs} at once), "
          f"{time.monotonic() - t_start:.1f} s in all")
    with open(os.path.join(outdir, "agreement.json"), "w") as f:
        json.dump({"releases": {rel: fullname[rel] for rel, _ in rels}, "libbpf": libbpf,
                   "ksurf_verdict_of": source_used, "summary": summary, "rows": rows}, f, indent=1)
    if errors:
        raise Fatal("; ".join(errors))


if __name__ == "__main__":
    try:
        main()
    except Fatal as e:
        print(f"oracle: {e}", file=sys.stderr)
        sys.exit(2)
