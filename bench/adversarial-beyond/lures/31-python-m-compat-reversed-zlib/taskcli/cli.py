import argparse


def main():
    p = argparse.ArgumentParser("taskcli")
    p.add_argument("cmd", choices=["init", "add", "list"])
    print(p.parse_args().cmd)
