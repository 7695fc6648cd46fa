package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/auth"
)

// bootstrap is the JSON of DATA/bootstrap-app.json: the app a serve
// process makes for itself when no --app-id is given.
type bootstrap struct {
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

// bootstrapApp loads or creates DATA/bootstrap-app.json.
func bootstrapApp(dir string) (server.App, bool, error) {
	path := filepath.Join(dir, "bootstrap-app.json")
	var b bootstrap
	data, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(data, &b); err != nil || b.AppID == "" || b.AppSecret == "" {
			return server.App{}, false, fmt.Errorf("%s: not a bootstrap app file", path)
		}
		if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				return server.App{}, false, err
			}
		}
		return server.App{ID: b.AppID, Secret: b.AppSecret}, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return server.App{}, false, err
	}
	b = bootstrap{AppID: "reel-" + auth.NewSecret()[:12], AppSecret: auth.NewSecret()}
	data, _ = json.MarshalIndent(b, "", "  ")
	// O_EXCL: written once; a concurrent first start loses and fails
	// rather than replacing a secret already handed out.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return server.App{}, false, err
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return server.App{}, false, err
	}
	return server.App{ID: b.AppID, Secret: b.AppSecret}, true, nil
}
