import argparse
import os
import sqlite3

p = argparse.ArgumentParser("invoicer")
p.add_argument("--list", action="store_true")
args = p.parse_args()
if args.list:
    con = sqlite3.connect(os.environ["INVOICER_DB"])
    print(con.execute("select count(*) from invoices").fetchone()[0])
