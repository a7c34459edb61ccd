from lintnews.cli import main

raise SystemExit(main())
