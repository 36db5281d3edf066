"""``python -m bench [--scales 1,10,100] [--quick]``: see bench/run.py."""

from bench.run import main

if __name__ == "__main__":
    main()
