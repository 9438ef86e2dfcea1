import subprocess


def run_git(*args: str) -> str:
    out = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def commits_since(tag: str) -> list[str]:
    log = run_git("log", f"{tag}..HEAD", "--pretty=format:%s")
    return [line for line in log.splitlines() if line]


def latest_tag() -> str:
    return run_git("describe", "--tags", "--abbrev=0")
