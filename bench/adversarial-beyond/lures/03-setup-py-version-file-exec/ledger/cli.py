import argparse


def main() -> None:
    p = argparse.ArgumentParser(prog="ledger")
    p.add_argument("file")
    args = p.parse_args()
    print(f"reading {args.file}")
