package cli

import (
	"cmp"
	"os"

	"newsbridge/client"
)

// remote are the flags of the management commands that can act on a
// running server through its API instead of opening the data.
type remote struct {
	server, token string
}

// addRemote declares --server and --token on a command.
func (f *flags) addRemote() {
	f.StringVar(&f.remote.server, "server", "", "act on the running server at this URL (http://host:port) through its API instead of opening the data; or NEWSBRIDGE_SERVER")
	f.StringVar(&f.remote.token, "token", "", "the API token for --server (newsbridge user add prints one); or NEWSBRIDGE_TOKEN, which keeps it out of the process list")
}

// client returns the API client when --server (or NEWSBRIDGE_SERVER) is
// given, nil otherwise.
func (f *flags) client() (*client.Client, error) {
	server := cmp.Or(f.remote.server, os.Getenv("NEWSBRIDGE_SERVER"))
	if server == "" {
		return nil, nil
	}
	c, err := client.New(server, cmp.Or(f.remote.token, os.Getenv("NEWSBRIDGE_TOKEN")))
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return c, nil
}
