package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/store/sqlite"
)

// TestSignupCreditsFlag: an account made on the sign-in page of a
// `reeld --signup` starts with --signup-credits renders: 0 means none
// (not the default), and without the flag it is DefaultSignupCredits.
func TestSignupCreditsFlag(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want int64
	}{
		{[]string{"--signup", "--signup-credits", "0"}, 0},
		{[]string{"--signup"}, server.DefaultSignupCredits},
	} {
		dir := t.TempDir()
		p := startReeld(t, dir, c.args...)
		res, err := http.PostForm(p.url+"/studio/signup", url.Values{"username": {"newcomer"}, "password": {"long enough"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%v: signup answered %d", c.args, res.StatusCode)
		}
		p.signal(syscall.SIGTERM)
		if err := p.wait(time.Minute); err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
		st, err := sqlite.Open(context.Background(), filepath.Join(dir, "reel.db"))
		if err != nil {
			t.Fatal(err)
		}
		u, err := st.UserByUsername(context.Background(), "newcomer")
		st.Close()
		if err != nil || u.Credits == nil || *u.Credits != c.want {
			t.Errorf("%v: the new account has credits %v (%v), want %d", c.args, u.Credits, err, c.want)
		}
	}
}
