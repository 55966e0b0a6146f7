from prorl.cli import run

run()
