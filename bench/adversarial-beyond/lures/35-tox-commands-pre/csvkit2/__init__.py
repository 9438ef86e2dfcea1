import csv


def rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))
