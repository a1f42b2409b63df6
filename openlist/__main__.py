from openlist.cli import main

main()
