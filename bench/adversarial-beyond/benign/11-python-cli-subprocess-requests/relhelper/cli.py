import argparse
from pathlib import Path

from . import api, git


def main() -> None:
    p = argparse.ArgumentParser(prog="relhelper")
    p.add_argument("repo")
    p.add_argument("tag")
    p.add_argument("--dry-run", action="store_true")
    a = p.parse_args()
    notes = "\n".join(f"- {s}" for s in git.commits_since(git.latest_tag()))
    Path("CHANGELOG.md").write_text(f"## {a.tag}\n\n{notes}\n")
    if not a.dry_run:
        api.create_release(a.repo, a.tag, notes)
