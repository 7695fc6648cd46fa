package model

import "time"

// User is an account that owns photos, musics and videos.
type User struct {
	ID           string
	Username     string
	Name         string
	PasswordHash string // PBKDF2 record (see server/auth); "" for app users
	// Credits is the number of renders left; nil means unlimited.
	Credits *int64
	// Quota is the bytes of photos and musics the user may keep; nil
	// means the server's default.
	Quota     *int64
	CreatedOn time.Time
}

// Token is one issued access key; only the SHA-256 of the secret token is
// stored.
type Token struct {
	Key       string // the public X-Access-Key
	Hash      []byte // sha256 of the X-Access-Token
	UserID    string
	AppID     string
	DeviceID  string
	CreatedOn time.Time
	// LastUsed is when the token last authenticated a request (at most
	// a minute stale); the token expires the server's token TTL after it.
	LastUsed time.Time
	// AppFingerprint identifies the secret of the app the token was
	// issued through; a rotated secret kills the token.
	AppFingerprint string
}
