package auth

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store"
)

// AddUser creates a user with a hashed password; credits < 0 means
// unlimited renders.
func AddUser(ctx context.Context, st store.Store, username, password, name string, credits int64) (*model.User, error) {
	h, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = username
	}
	u := &model.User{ID: NewID(), Username: username, Name: name, PasswordHash: h, CreatedOn: time.Now()}
	if credits >= 0 {
		u.Credits = &credits
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// RemoveUser deletes a user with their tokens, photos, musics, clips and videos,
// and the files of all of them from bl.
func RemoveUser(ctx context.Context, st store.Store, bl blob.Store, username string) error {
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	var keys []string
	ps, err := st.ListPhotos(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		keys = append(keys, p.Blob, p.ThumbBlob)
	}
	ms, err := st.ListMusics(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		keys = append(keys, m.Blob)
	}
	cs, err := st.ListClips(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		keys = append(keys, c.Blob, c.PosterBlob)
	}
	page := model.VideoPage{Count: 100}
	for {
		vs, err := st.ListVideos(ctx, u.ID, page)
		if err != nil {
			return err
		}
		for _, v := range vs {
			rds := v.Renditions
			if v.Preview != nil {
				rds = maps.Clone(rds)
				if rds == nil {
					rds = map[int]model.Rendition{}
				}
				rds[144] = *v.Preview
			}
			for _, rd := range rds {
				keys = append(keys, rd.Blob, rd.ThumbBlob)
			}
		}
		if len(vs) < page.Count {
			break
		}
		last := vs[len(vs)-1]
		page.Before, page.BeforeID = &last.CreatedOn, last.ID
	}
	if err := st.DeleteUser(ctx, username); err != nil {
		return err
	}
	var errs []error
	for _, k := range keys {
		if k != "" {
			if err := bl.Delete(ctx, k); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// RevokeUserTokens ends every session of the user (reeld user revoke).
func RevokeUserTokens(ctx context.Context, st store.Store, username string) (int, error) {
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return 0, err
	}
	return st.DeleteUserTokens(ctx, u.ID)
}
