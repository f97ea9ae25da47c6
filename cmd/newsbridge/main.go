// Command newsbridge republishes a newsroom in every language.
package main

import (
	"os"

	"newsbridge/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
