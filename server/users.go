package server

import (
	"context"
	"time"
)

// NewToken returns 256 random bits, hex encoded: for app secrets.
func NewToken() string { return newSecret() }

// AddUser creates a user with a hashed password; credits < 0 means
// unlimited renders.
func AddUser(ctx context.Context, st Store, username, password, name string, credits int64) (*User, error) {
	h, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = username
	}
	u := &User{ID: newID(), Username: username, Name: name, PasswordHash: h, CreatedOn: time.Now()}
	if credits >= 0 {
		u.Credits = &credits
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
