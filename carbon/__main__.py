"""``python -m carbon`` runs the command line."""

from carbon.cli import main

if __name__ == "__main__":
    main()
