package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/reelkit/reel/server/auth"
)

// userCmd is `reeld user add|list|remove|revoke|quota`: user accounts in the
// store --db (or SQLite under --data) names.
func userCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("usage: reeld user add|list|remove|revoke|quota --data DIR [flags]")}
	}
	sub := args[0]
	switch sub {
	case "add", "list", "remove", "revoke", "quota":
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, "usage: reeld user add --data DIR --username NAME --password PASS [--name N] [--credits N]\n"+
			"       reeld user list --data DIR\n"+
			"       reeld user remove --data DIR --username NAME\n"+
			"       reeld user revoke --data DIR --username NAME   (ends every session of the user)\n"+
			"       reeld user quota --data DIR --username NAME --bytes N   (storage quota; -1: the server's --storage-quota)")
		return nil
	default:
		return usageError{fmt.Errorf("unknown user command %q (add, list, remove, revoke, quota)", sub)}
	}
	fs := flag.NewFlagSet("reeld user "+sub, flag.ContinueOnError)
	data := fs.String("data", env("REEL_DATA", "./reel-data"), "data directory")
	db := fs.String("db", env("REEL_DB", ""), "database: a postgres:// URL, or empty for SQLite under --data (env REEL_DB)")
	blobsSpec := fs.String("blobs", env("REEL_BLOBS", ""), blobsUsage)
	username := fs.String("username", "", "user name")
	password := fs.String("password", "", "password (add)")
	name := fs.String("name", "", "display name (add; default: the username)")
	credits := fs.Int64("credits", -1, "render credits (add; -1: unlimited)")
	quotaBytes := fs.Int64("bytes", 0, "storage quota in bytes (quota; -1: the server's --storage-quota)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *data)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "add":
		if *username == "" || *password == "" {
			return errors.New("user add needs --username and --password")
		}
		if strings.HasPrefix(*username, "app:") {
			return errors.New(`usernames starting with "app:" are reserved`)
		}
		u, err := auth.AddUser(ctx, store, *username, *password, *name, *credits)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added user %s (id %s)\n", u.Username, u.ID)
	case "list":
		us, err := store.ListUsers(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			c := "unlimited"
			if u.Credits != nil {
				c = fmt.Sprint(*u.Credits)
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\tcredits=%s\n", u.ID, u.Username, u.Name, c)
		}
	case "quota":
		given := false
		fs.Visit(func(f *flag.Flag) { given = given || f.Name == "bytes" })
		if *username == "" || !given {
			return usageError{errors.New("user quota needs --username and --bytes (-1: the server's default)")}
		}
		var q *int64
		if *quotaBytes >= 0 {
			q = quotaBytes
		}
		if err := store.SetQuota(ctx, *username, q); err != nil {
			return fmt.Errorf("quota of %s: %w", *username, err)
		}
		if q == nil {
			fmt.Fprintf(stdout, "user %s: storage quota is the server's default\n", *username)
		} else {
			fmt.Fprintf(stdout, "user %s: storage quota %d bytes\n", *username, *q)
		}
	case "revoke":
		if *username == "" {
			return usageError{errors.New("user revoke needs --username")}
		}
		n, err := auth.RevokeUserTokens(ctx, store, *username)
		if err != nil {
			return fmt.Errorf("revoke %s: %w", *username, err)
		}
		fmt.Fprintf(stdout, "revoked %d session(s) of user %s\n", n, *username)
	case "remove":
		if *username == "" {
			return errors.New("user remove needs --username")
		}
		blobs, err := openBlobs(ctx, *blobsSpec, *data)
		if err != nil {
			return err
		}
		if err := auth.RemoveUser(ctx, store, blobs, *username); err != nil {
			return fmt.Errorf("remove %s: %w", *username, err)
		}
		fmt.Fprintf(stdout, "removed user %s (and their files)\n", *username)
	}
	return nil
}
