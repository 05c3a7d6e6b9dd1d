"""The ``newsseg`` command.

    newsseg PAGE [PAGE ...]      print the segments of each page (kind, rule, text)
    newsseg -                    read one page from standard input
    newsseg --json PAGE          print the Document as JSON
    newsseg --clean PAGE         print the main article only
    newsseg --example            run on the built-in example page
    newsseg batch INPUT -o OUT   many pages into JSONL or Parquet (newsseg.io.batch)
    newsseg show PAGE            a report of each page in the browser (newsseg.io.report)
    newsseg evaluate --gold DIR --pages DIR   scores on labelled pages (newsseg.io.evaluate)

Pages ending in .html/.htm (or that look like HTML) go to the HTML segmenter;
``--format text|html`` forces one. Both decode a page's bytes with
:func:`newsseg.formats.decode.decode` (UTF-8, UTF-16, windows-1256, ISO-8859-6, ...), as
``newsseg batch`` does. A page that cannot be read or segmented (binary data
among them) is reported on standard error in one line (which page, what was
wrong) and skipped; the exit status is 1 if any page failed, 2 for a usage
error. A page over a size limit
(:data:`newsseg.DEFAULT_LIMITS`) is refused before it is read whole: a file by
its size, standard input after one byte more than the limit.

>>> main(["--example", "--clean"])  # doctest: +ELLIPSIS
وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا
...
0
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence

import newsseg
from newsseg.formats.decode import looks_like_html
from newsseg.io.pages import read_page, segment_bytes
from newsseg.model import Document, Kind

__all__ = ["main"]

def _print_readable(doc: Document, out: list[str]) -> None:
    width = max((len(s.kind.value) for s in doc.segments), default=4)
    for s in doc.segments:
        text = " ⏎ ".join(s.text.split("\n"))
        out.append(f"{s.kind.value:<{width}}  {s.rule:<24}  {text}")


def _render(doc: Document, args: argparse.Namespace) -> str:
    if args.json:
        return json.dumps(doc.to_dict(), ensure_ascii=False, indent=None if args.compact else 1)
    if args.clean:
        keep = {Kind.TITLE, Kind.BODY, Kind.SUBHEADING}
        return "\n\n".join(s.text.strip() for s in doc.segments if s.kind in keep)
    lines: list[str] = []
    _print_readable(doc, lines)
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsseg",
        description="Segment Arabic news pages (plain text or HTML) into typed segments.",
        epilog=(
            "Commands: newsseg batch INPUT... -o OUTPUT (many pages: folders, JSONL, "
            "WARC, on every core, into JSONL or Parquet); newsseg show PAGE... (a "
            "report in the browser); newsseg evaluate --gold DIR --pages DIR (scores "
            "on your labelled pages). Each has its own --help. "
            "Exit status: 0 all pages done, 1 some page failed, 2 usage error."
        ),
    )
    p.add_argument("pages", nargs="*", metavar="PAGE", help="page files, or - for stdin")
    p.add_argument("--example", action="store_true", help="run on the built-in example page")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print each Document as JSON")
    mode.add_argument("--clean", action="store_true", help="print the main article only")
    p.add_argument("--compact", action="store_true", help="with --json: one line per page")
    p.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                   help="input format (default: by extension or content)")
    p.add_argument("--version", action="version", version=f"newsseg {newsseg.__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status.

    >>> main(["--example", "--json", "--compact"]) # doctest: +ELLIPSIS
    {"format": "text", ...}
    0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["batch"]:  # `newsseg batch ...`: see newsseg.io.batch
        from newsseg.io.batch import main as batch_main

        return batch_main(argv[1:])
    if argv[:1] == ["show"]:  # `newsseg show ...`: see newsseg.io.report
        from newsseg.io.report import main as show_main

        return show_main(argv[1:])
    if argv[:1] == ["evaluate"]:  # `newsseg evaluate ...`: see newsseg.io.evaluate
        from newsseg.io.evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    args = _parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a console that cannot show Arabic
        sys.stdout.reconfigure(errors="backslashreplace")
    jobs: list[tuple[str, bytes]] = []
    if args.example:
        jobs.append(("<example>", newsseg.EXAMPLE_PAGE.encode("utf-8")))
    failed = 0
    if not jobs and not args.pages:
        _parser().print_usage(sys.stderr)
        print("newsseg: error: give a PAGE, - for stdin, or --example", file=sys.stderr)
        return 2
    names = list(args.pages)
    for name in [j[0] for j in jobs] + names:
        try:
            if jobs and name == jobs[0][0]:
                data = jobs[0][1]
                is_html = args.format == "html" or (
                    args.format == "auto" and looks_like_html(data))
            else:
                path, name = name, "<stdin>" if name == "-" else name
                data, is_html = read_page(path, args.format)
            doc = segment_bytes(data, is_html)
            rendered = _render(doc, args)
        except Exception as e:  # one bad page must not end the batch
            failed += 1
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            print(f"newsseg: {name}: {type(e).__name__}: {reason}", file=sys.stderr)
            continue
        try:
            if len(names) + len(jobs) > 1 and not args.json:
                print(f"==> {name} <==")
            print(rendered)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. `newsseg page.txt | head`
            return 0 if not failed else 1
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
