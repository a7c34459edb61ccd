"""Audit paired-punctuation (LN203) on the real corpora: counts, timing, a judged sample.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_punctuation.py              # counts and precision
    .venv/bin/python benchmarks/audit_punctuation.py --show 60    # print the sample to judge

The sample is drawn with a fixed seed, so it is the same on every run while the rule's
output is unchanged. ``VERDICTS`` holds a human judgement of each sampled report, made by
reading its paragraph: True for a real pairing mistake, False for a false positive. Reports
in the sample without a verdict are listed as unjudged, so a changed rule asks for review.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from lintnews_rules.punctuation import PairedPunctuation

from lintnews.engine import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SAMPLE_SEED = 203
SAMPLE_SIZE = 60

# "corpus-relative path:line:column" -> (is a real mistake, what is wrong)
VERDICTS: dict[str, tuple[bool, str]] = {
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2015-05-00-Kubernetes-On-Openstack.md:93:379": (
        True,
        "stray ) after a truncated URL, no opening bracket",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2016-08-00-Sig-Apps-Running-Apps-In-Kubernetes.md:76:80": (
        True,
        "（…) closed with ASCII )",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2018-07-09-IPVS-In-Cluster-Load-Balancing.md:393:104": (
        True,
        "(SIG） mixed widths",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2018-07-10-coredns-ga.md:216:323": (
        True,
        "extra ） after a link",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2019-04-24-Hardware-Accelerated-SSLTLS-Termination-in-Ingress-Controllers-using-Kubernetes-Device-Plugins-and-RuntimeClass.md:274:20": (
        True,
        "（ never closed (a second （ follows)",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2019-12-09-kubernetes-1.17-release-announcement.md:262:111": (
        True,
        "（SIGs) mixed widths",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2021-11-08-steering-committee-results-2021.md:51:67": (
        True,
        "（…) closed with ASCII )",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2022-09-12-Announcing-the-Auto-Refreshing-Official-CVE-Feed/index.md:133:72": (
        True,
        "（…Slack) mixed widths",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/blog/_posts/2023-08-21-job-update-post.md:330:131": (
        True,
        "extra ) after a link",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/concepts/configuration/windows-resource-management.md:42:93": (
        True,
        "（…>}}) mixed widths",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/reference/access-authn-authz/validating-admission-policy.md:73:47": (
        True,
        '“ closed by a straight "',
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/reference/kubectl/conventions.md:85:99": (
        True,
        "（…) closed with ASCII )",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/reference/kubernetes-api/service-resources/endpoints-v1.md:119:18": (
        True,
        "（…/16)） : ASCII ) then an extra ）",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/reference/kubernetes-api/service-resources/endpoints-v1.md:257:92": (
        True,
        "（…service-names) mixed widths",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/setup/best-practices/multiple-zones.md:98:69": (
        True,
        "extra ） after )",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/tasks/configure-pod-container/security-context.md:823:38": (
        True,
        "（…MCS) inside link text",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/tasks/configure-pod-container/share-process-namespace.md:193:24": (
        True,
        "（…容器) mixed widths",
    ),
    "real/servicemesher-website/content/blog/202002-network-service-mesh/index.md:31:40": (
        True,
        "”扁平“ reversed",
    ),
    "real/servicemesher-website/content/blog/ant-financial-service-mesh-adoption-plan/index.md:185:237": (
        True,
        "（… ) mixed widths",
    ),
    "real/servicemesher-website/content/blog/cilium-13-go-extensions-for-envoy-cassandra-memcached-support/index.md:142:43": (
        True,
        "quotes typed as ”…“",
    ),
    "real/servicemesher-website/content/blog/cncf-udpa-wg/index.md:17:78": (
        True,
        "（…UDPA-WG) mixed widths",
    ),
    "real/servicemesher-website/content/blog/designing-a-rate-limiting-service-for-ambassador-part-4/index.md:107:219": (
        True,
        "”ABC” opened with ”",
    ),
    "real/servicemesher-website/content/blog/envoy-service-mesh-cascading-failure/index.md:112:188": (
        True,
        "”位置“ : quotes typed backwards",
    ),
    "real/servicemesher-website/content/blog/faas-vs-microservices/index.md:31:44": (
        True,
        '"…“ straight opener, “ as closer',
    ),
    "real/servicemesher-website/content/blog/faas-vs-microservices/index.md:37:97": (
        True,
        "“购买“ closed with “",
    ),
    "real/servicemesher-website/content/blog/google-traffic-director-detail/index.md:153:10": (
        True,
        "”…” opened with ”",
    ),
    "real/servicemesher-website/content/blog/hands-on-canary-deployments-with-istio-and-kubernetes/index.md:124:475": (
        True,
        "(…） mixed widths after a link",
    ),
    "real/servicemesher-website/content/blog/istio-11/index.md:21:11": (
        True,
        "”Enterprise Ready“ reversed",
    ),
    "real/servicemesher-website/content/blog/istio-aims-to-be-the-mesh-plumbing-for-containerized-microservices/index.md:66:134": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part1-concepts/index.md:91:56": (
        True,
        "”a,b,c” opened with ”",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part1-concepts/index.md:95:112": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:107:12": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:115:32": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:123:10": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:127:7": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:146:11": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:146:136": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:153:43": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:159:110": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:159:71": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:175:68": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:68:33": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:69:9": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:76:30": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part2-principle/index.md:88:69": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-mixer-cache-part3-main/index.md:208:10": (
        True,
        "”…” opened with ” (smart-quote conversion error)",
    ),
    "real/servicemesher-website/content/blog/istio-traffic-management-impl-intro/index.md:122:51": (
        True,
        "（…等) mixed widths",
    ),
    "real/servicemesher-website/content/blog/istio-traffic-management-impl-intro/index.md:47:215": (
        True,
        "（…Sidecar) mixed widths",
    ),
    "real/servicemesher-website/content/blog/kong-at-1-0-a-service-control-platform/index.md:31:140": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/kubernetes-crd-quick-start/index.md:761:28": (
        True,
        "”先扩容，后缩容“ reversed",
    ),
    "real/servicemesher-website/content/blog/kubernetes-resource-management/index.md:105:23": (
        True,
        "（默认资源配置) in a heading",
    ),
    "real/servicemesher-website/content/blog/linkerd-2-0-in-general-availability/index.md:44:68": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/linkerd-2-0-in-general-availability/index.md:46:150": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/service-mesh-architecture-radicalizes-container-networking/index.md:67:101": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/service-mesh-architecture-radicalizes-container-networking/index.md:97:129": (
        True,
        "quotation closed with “",
    ),
    "real/servicemesher-website/content/blog/service-mesh-rebuild-microservice-market/index.md:179:77": (
        True,
        "”产品” opened with ”",
    ),
    "real/servicemesher-website/content/blog/strange-stories-from-chinese-github-participants/index.md:62:505": (
        True,
        "（”真的说过“） quotes reversed",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:43:71": (
        True,
        "”单进程多服务” opened with ”",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:58:21": (
        True,
        "”单进程单服务” opened with ”",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:72:32": (
        True,
        "”.“ reversed",
    ),
    "real/k8s-website-zh-cn/content/zh-cn/docs/concepts/configuration/overview.md:281:9": (
        True,
        "“隔离“ closed with an opening mark",
    ),
    "real/servicemesher-website/content/blog/service-mesh-architecture-radicalizes-container-networking/index.md:83:101": (
        True,
        "…太棒了“，Angelo 说: closed with an opening mark",
    ),
    "real/servicemesher-website/content/blog/service-mesh-the-microservices-in-post-kubernetes-era/index.md:21:287": (
        True,
        "”后 Kubernetes 时代的微服务“ reversed",
    ),
    "real/servicemesher-website/content/blog/strange-stories-from-chinese-github-participants/index.md:60:42": (
        True,
        "所谓”吹牛“: ” where “ belongs",
    ),
    "real/servicemesher-website/content/blog/thoughts-to-envoy-from-ADN-perspective/index.md:73:178": (
        True,
        "（LDS) mixed widths",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:199:26": (
        True,
        "”单进程多接口” opened with ”",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:64:156": (
        True,
        "”单进程多接口” opened with ”",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:64:177": (
        True,
        "”先上车后补票” opened with ”",
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:86:89": (
        True,
        '“<http://…>" closed with a straight quote',
    ),
    "real/servicemesher-website/content/blog/x-protocol-common-address-solution/index.md:88:18": (
        True,
        "”userservice” opened with ”",
    ),
}


def kind_of(message: str) -> str:
    for pattern, kind in (
        (r"^the closing . has no opening", "unopened"),
        (r"^the opening . is never closed", "unclosed"),
        (r"is closed with the (half|full)-width", "width mismatch"),
        (r"are reversed", "reversed"),
        (r"opens with the closing mark", "closing mark used to open"),
        (r"closes with the opening mark", "opening mark used to close"),
        (r"closed with a (curly|straight)", "straight and curly quotes"),
        (r"ends a quotation opened", "quotation runs on"),
    ):
        if re.search(pattern, message):
            return kind
    return "other"


def corpus_files() -> list[Path]:
    files = sorted(path for path in (CORPUS / "real").rglob("*.md") if path.is_file())
    return [*sorted((CORPUS / "seed").glob("*.md")), *files]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N sampled reports")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2

    rule = PairedPunctuation()
    reports: list[tuple[str, int, int, str, str]] = []
    by_site: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    fixes = 0
    seconds = 0.0
    files = corpus_files()
    for path in files:
        doc = read_document(path)
        _ = doc.inline_blocks  # parse outside the timed part: time the rule alone
        started = time.perf_counter()
        found = list(rule.check(doc))
        seconds += time.perf_counter() - started
        relative = path.relative_to(CORPUS).as_posix()
        lines = doc.text_lines
        for diagnostic in found:
            key = f"{relative}:{diagnostic.line}:{diagnostic.column}"
            reports.append(
                (
                    key,
                    diagnostic.line,
                    diagnostic.column,
                    diagnostic.message,
                    lines[diagnostic.line - 1],
                )
            )
            site = relative.split("/")[1] if relative.startswith("real/") else "seed"
            by_site[site] += 1
            by_kind[kind_of(diagnostic.message)] += 1
            fixes += diagnostic.fix is not None

    print(f"files: {len(files)}   reports: {len(reports)}   with a fix: {fixes}")
    print(f"rule time: {seconds:.2f} s ({seconds / len(files) * 1000:.2f} ms per file)")
    print("by corpus:", ", ".join(f"{site} {count}" for site, count in sorted(by_site.items())))
    print("by kind:  ", ", ".join(f"{kind} {count}" for kind, count in by_kind.most_common()))

    sample = random.Random(SAMPLE_SEED).sample(reports, min(SAMPLE_SIZE, len(reports)))
    sample.sort()
    judged = [VERDICTS[key] for key, *_ in sample if key in VERDICTS]
    unjudged = [key for key, *_ in sample if key not in VERDICTS]
    true_positives = sum(1 for real, _ in judged if real)
    print(f"sample: {len(sample)} (seed {SAMPLE_SEED})   judged: {len(judged)}")
    if judged:
        precision = true_positives / len(judged)
        print(f"precision on the judged sample: {true_positives}/{len(judged)} = {precision:.1%}")
    for key, real_and_note in ((k, VERDICTS[k]) for k, *_ in sample if k in VERDICTS):
        if not real_and_note[0]:
            print(f"  false positive: {key}: {real_and_note[1]}")
    if unjudged:
        print(f"unjudged in the sample: {len(unjudged)} (run with --show to review)")
    for key, _line, column, message, text in sample[: args.show]:
        verdict = VERDICTS.get(key)
        label = "unjudged" if verdict is None else ("TP" if verdict[0] else "FP")
        start = max(0, column - 41)
        context = text[start : column - 1] + "⟦" + text[column - 1 : column] + "⟧"
        context += text[column : column + 40]
        print(f"\n[{label}] {key}: {message}\n    …{context}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
