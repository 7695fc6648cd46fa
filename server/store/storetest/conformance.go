package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store"
)

func confUser(t *testing.T, st store.Store, name string, credits *int64) *model.User {
	t.Helper()
	u := &model.User{ID: "u-" + name, Username: name, Name: "N " + name, PasswordHash: "h", Credits: credits, CreatedOn: time.Unix(1000, 0).UTC()}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func confVideo(t *testing.T, st store.Store, user, id string, created int64) *model.Video {
	t.Helper()
	v := &model.Video{ID: id, UserID: user, AppID: "app", Name: "V " + id, Status: model.StatusInitial, Style: "vanilla", Quality: 360,
		Assets: []engine.Asset{{Kind: "image", AssetID: "p1"}}, Tags: []string{"a"},
		CreatedOn: time.Unix(created, 0).UTC(), ModifiedOn: time.Unix(created, 0).UTC()}
	if err := st.CreateVideo(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	return v
}

func credits(t *testing.T, st store.Store, id string) int64 {
	t.Helper()
	u, err := st.UserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if u.Credits == nil {
		return -1
	}
	return *u.Credits
}

// Run runs the conformance suite: every rule of store.Store, each
// subtest on a fresh, empty store from open.
func Run(t *testing.T, open func(t *testing.T) Subject) {
	ctx := context.Background()
	three := int64(3)

	t.Run("Users", func(t *testing.T) {
		st := open(t)
		a := confUser(t, st, "alice", &three)
		confUser(t, st, "bob", nil)
		if err := st.CreateUser(ctx, &model.User{ID: "x", Username: "alice", CreatedOn: time.Now()}); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("duplicate username: %v, want ErrConflict", err)
		}
		u, err := st.UserByUsername(ctx, "alice")
		if err != nil || u.ID != a.ID || u.Name != "N alice" || u.Credits == nil || *u.Credits != 3 || !u.CreatedOn.Equal(a.CreatedOn) {
			t.Fatalf("UserByUsername: %+v %v", u, err)
		}
		if b, _ := st.UserByID(ctx, "u-bob"); b == nil || b.Credits != nil {
			t.Fatalf("unlimited user: %+v", b)
		}
		if all, err := st.ListUsers(ctx); err != nil || len(all) != 2 || all[0].Username != "alice" {
			t.Fatalf("ListUsers: %v %v", all, err)
		}
		if err := st.DeleteUser(ctx, "bob"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UserByID(ctx, "u-bob"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("deleted user: %v", err)
		}
		if err := st.DeleteUser(ctx, "bob"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
	})

	t.Run("Tokens", func(t *testing.T) {
		st := open(t)
		u := confUser(t, st, "alice", nil)
		for i := 0; i < 4; i++ {
			tok := &model.Token{Key: fmt.Sprint("k", i), Hash: []byte{byte(i), 0, 255}, UserID: u.ID, AppID: "app", DeviceID: "d",
				CreatedOn: time.Unix(int64(100+i), 0), AppFingerprint: "fp"}
			if err := st.CreateToken(ctx, tok, 3); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.TokenByKey(ctx, "k0"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("oldest token beyond the cap of 3: %v, want evicted", err)
		}
		tok, err := st.TokenByKey(ctx, "k3")
		if err != nil || string(tok.Hash) != string([]byte{3, 0, 255}) || tok.AppFingerprint != "fp" || tok.LastUsed.Unix() != 103 {
			t.Fatalf("TokenByKey: %+v %v", tok, err)
		}
		if err := st.TouchToken(ctx, "k3", time.Unix(500, 0)); err != nil {
			t.Fatal(err)
		}
		st.TouchToken(ctx, "k3", time.Unix(400, 0)) // never moves back
		if tok, _ := st.TokenByKey(ctx, "k3"); tok.LastUsed.Unix() != 500 {
			t.Fatalf("last used %v, want 500", tok.LastUsed.Unix())
		}
		if err := st.DeleteToken(ctx, "k3"); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteToken(ctx, "k3"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
		if n, err := st.DeleteUserTokens(ctx, u.ID); err != nil || n != 2 {
			t.Fatalf("DeleteUserTokens: %d %v, want 2", n, err)
		}
	})

	t.Run("RateBuckets", func(t *testing.T) {
		st := open(t)
		t0 := time.Unix(1_700_000_000, 0)
		take := func(key string, at time.Time) bool {
			ok, err := st.TakeToken(ctx, key, 1, 3, at)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for i := range 3 {
			if !take("k", t0) {
				t.Fatalf("take %d of a burst of 3 refused", i+1)
			}
		}
		if take("k", t0) || take("k", t0.Add(500*time.Millisecond)) {
			t.Fatal("a 4th token in the same second")
		}
		if !take("k", t0.Add(1600*time.Millisecond)) {
			t.Fatal("the token refilled after 1 s refused")
		}
		if !take("other", t0) {
			t.Fatal("another key's first token refused")
		}
		if take("k", t0.Add(1700*time.Millisecond)) {
			t.Fatal("refused requests earned tokens")
		}
		// Concurrent takers draw from one bucket: a burst of 3 gives 3.
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if take("shared", t0) {
					mu.Lock()
					got++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if got != 3 {
			t.Fatalf("10 concurrent takes from a burst of 3: %d granted", got)
		}
		if err := st.PruneBuckets(ctx, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if !take("k", t0.Add(1800*time.Millisecond)) {
			t.Fatal("a pruned bucket is not full again")
		}
	})

	t.Run("LoginCounts", func(t *testing.T) {
		st := open(t)
		t0 := time.Unix(1_700_000_000, 0)
		// The rule under test: 2 free attempts, then 10 s after each.
		next := func(n int, now time.Time) time.Time {
			if n <= 2 {
				return now
			}
			return now.Add(10 * time.Second)
		}
		admit := func(at time.Time, keys ...string) time.Duration {
			w, err := st.AdmitLogin(ctx, keys, at, next)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		for i := range 3 {
			if w := admit(t0, "a", "b"); w != 0 {
				t.Fatalf("attempt %d: wait %v", i+1, w)
			}
		}
		if w := admit(t0.Add(time.Second), "a"); w != 9*time.Second {
			t.Fatalf("4th attempt 1 s later: wait %v, want 9s", w)
		}
		if w := admit(t0.Add(time.Second), "c", "b"); w != 9*time.Second {
			t.Fatalf("a fresh key beside a waiting one: wait %v, want 9s", w)
		}
		if w := admit(t0.Add(time.Second), "c"); w != 0 {
			t.Fatalf("the refused attempt counted c: wait %v", w)
		}
		if err := st.ClearLogins(ctx, []string{"a"}); err != nil {
			t.Fatal(err)
		}
		if w := admit(t0.Add(2*time.Second), "a"); w != 0 {
			t.Fatalf("after a success: wait %v", w)
		}
		// Concurrent first attempts on one key all count.
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() { defer wg.Done(); admit(t0, "burst") }()
		}
		wg.Wait()
		if w := admit(t0, "burst"); w == 0 {
			t.Fatal("6 concurrent attempts counted fewer than 3")
		}
		if err := st.PruneLogins(ctx, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if w := admit(t0.Add(time.Hour), "burst"); w != 0 {
			t.Fatalf("a pruned key still waits %v", w)
		}
	})

	t.Run("QuotaAndDedup", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		confUser(t, st, "bob", nil)
		photo := func(user, id, sum string, size int64) *model.Photo {
			return &model.Photo{ID: id, UserID: user, Blob: "b" + id, ThumbBlob: "t" + id, ContentType: "image/jpeg", Size: size, SHA256: sum, CreatedOn: time.Unix(10, 0)}
		}
		// Identical content is stored once per user, and counted once.
		got, err := st.CreatePhoto(ctx, photo("u-alice", "p1", "aa", 40), 100)
		if err != nil || got.ID != "p1" {
			t.Fatalf("first upload: %+v %v", got, err)
		}
		got, err = st.CreatePhoto(ctx, photo("u-alice", "p2", "aa", 40), 100)
		if err != nil || got.ID != "p1" || got.SHA256 != "aa" {
			t.Fatalf("identical upload: %+v %v, want p1 again", got, err)
		}
		if _, err := st.Photo(ctx, "u-alice", "p2"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("the duplicate was stored: %v", err)
		}
		if got, err := st.CreatePhoto(ctx, photo("u-bob", "p3", "aa", 40), 100); err != nil || got.ID != "p3" {
			t.Fatalf("another user's identical upload: %+v %v, want its own p3", got, err)
		}
		// Photos and musics share the quota.
		if _, err := st.CreateMusic(ctx, &model.Music{ID: "m1", UserID: "u-alice", Blob: "bm", ContentType: "audio/mpeg", Size: 50, SHA256: "bb", CreatedOn: time.Unix(11, 0)}, 100); err != nil {
			t.Fatal(err)
		}
		if n, err := st.StorageUsed(ctx, "u-alice"); err != nil || n != 90 {
			t.Fatalf("used %d %v, want 90", n, err)
		}
		_, err = st.CreatePhoto(ctx, photo("u-alice", "p4", "cc", 11), 100)
		var qe *model.QuotaError
		if !errors.As(err, &qe) || !errors.Is(err, model.ErrQuotaExceeded) || qe.Used != 90 || qe.Size != 11 || qe.Quota != 100 {
			t.Fatalf("over quota: %v, want a QuotaError 90+11 > 100", err)
		}
		if _, err := st.CreatePhoto(ctx, photo("u-alice", "p5", "dd", 10), 100); err != nil {
			t.Fatalf("exactly at quota: %v", err)
		}
		// A user's own quota overrides the server's; nil restores it.
		big := int64(1000)
		if err := st.SetQuota(ctx, "alice", &big); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.UserByUsername(ctx, "alice"); u.Quota == nil || *u.Quota != 1000 {
			t.Fatalf("quota %+v", u.Quota)
		}
		if _, err := st.CreatePhoto(ctx, photo("u-alice", "p6", "ee", 500), 100); err != nil {
			t.Fatalf("within the user's own quota: %v", err)
		}
		if err := st.SetQuota(ctx, "alice", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreatePhoto(ctx, photo("u-alice", "p7", "ff", 1), 100); !errors.Is(err, model.ErrQuotaExceeded) {
			t.Fatalf("back on the server's quota: %v", err)
		}
		if err := st.SetQuota(ctx, "nobody", nil); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("quota of a missing user: %v", err)
		}
		// Concurrent uploads are counted one after another: 10 of 10
		// bytes against 50 bytes free -> exactly 5 stored.
		confUser(t, st, "carol", nil)
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored := 0
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := st.CreatePhoto(ctx, photo("u-carol", fmt.Sprint("c", i), fmt.Sprint("sum", i), 10), 50)
				if err == nil {
					mu.Lock()
					stored++
					mu.Unlock()
				} else if !errors.Is(err, model.ErrQuotaExceeded) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n, _ := st.StorageUsed(ctx, "u-carol"); stored != 5 || n != 50 {
			t.Fatalf("10 parallel uploads against 50 bytes: %d stored, %d used; want 5 and 50", stored, n)
		}
	})

	t.Run("Media", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		confUser(t, st, "bob", nil)
		for i, id := range []string{"p1", "p2"} {
			if _, err := st.CreatePhoto(ctx, &model.Photo{ID: id, UserID: "u-alice", Blob: "b" + id, ThumbBlob: "t" + id, ContentType: "image/jpeg",
				Width: 640, Height: 480, Size: 1 << 33, SourceURL: "http://x", CreatedOn: time.Unix(int64(10+i), 0)}, 0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.Photo(ctx, "u-bob", "p1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("another user's photo: %v", err)
		}
		p, err := st.Photo(ctx, "u-alice", "p1")
		if err != nil || p.Size != 1<<33 || p.Width != 640 || p.ThumbBlob != "tp1" || p.SourceURL != "http://x" {
			t.Fatalf("Photo: %+v %v", p, err)
		}
		if ps, _ := st.ListPhotos(ctx, "u-alice"); len(ps) != 2 || ps[0].ID != "p2" {
			t.Fatalf("ListPhotos newest first: %v", ps)
		}
		if err := st.DeletePhoto(ctx, "u-bob", "p1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("delete another user's photo: %v", err)
		}
		if _, err := st.PhotoByID(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateMusic(ctx, &model.Music{ID: "m1", UserID: "u-alice", Blob: "bm", ContentType: "audio/mpeg", Title: "T", Artist: "A",
			Duration: 12.5, Size: 99, CreatedOn: time.Unix(5, 0)}, 0); err != nil {
			t.Fatal(err)
		}
		m, err := st.Music(ctx, "u-alice", "m1")
		if err != nil || m.Duration != 12.5 || m.Title != "T" || m.Artist != "A" {
			t.Fatalf("Music: %+v %v", m, err)
		}
		if ms, _ := st.ListMusics(ctx, "u-bob"); len(ms) != 0 {
			t.Fatalf("bob's musics: %v", ms)
		}
		if _, err := st.MusicByID(ctx, "m1"); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteMusic(ctx, "u-alice", "m1"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MusicByID(ctx, "m1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("deleted music: %v", err)
		}
	})

	t.Run("Clips", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		confUser(t, st, "bob", nil)
		clip := func(user, id, sum string, size int64, created int64) *model.Clip {
			return &model.Clip{ID: id, UserID: user, Blob: "clips/" + id + ".mp4", PosterBlob: "clips/" + id + ".poster.jpg",
				ContentType: "video/mp4", Codec: "h264", Width: 1080, Height: 1920, Rotation: 90, Duration: 12.48, FPS: 29.97,
				HasAudio: true, Size: size, SourceURL: "http://x/c.mp4", SHA256: sum, CreatedOn: time.Unix(created, 0)}
		}
		got, err := st.CreateClip(ctx, clip("u-alice", "c1", "aa", 1<<33, 10), 0)
		if err != nil || got.ID != "c1" {
			t.Fatalf("CreateClip: %+v %v", got, err)
		}
		c, err := st.Clip(ctx, "u-alice", "c1")
		want := clip("u-alice", "c1", "aa", 1<<33, 10)
		want.CreatedOn = want.CreatedOn.UTC()
		if err != nil || *c != *want {
			t.Fatalf("Clip: %+v %v, want %+v", c, err, want)
		}
		// Without audio, has_audio reads back false.
		silent := clip("u-alice", "c2", "bb", 5, 11)
		silent.HasAudio = false
		if _, err := st.CreateClip(ctx, silent, 0); err != nil {
			t.Fatal(err)
		}
		if c, err := st.ClipByID(ctx, "c2"); err != nil || c.HasAudio || c.UserID != "u-alice" {
			t.Fatalf("ClipByID: %+v %v", c, err)
		}
		if _, err := st.Clip(ctx, "u-bob", "c1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("another user's clip: %v", err)
		}
		if cs, _ := st.ListClips(ctx, "u-alice"); len(cs) != 2 || cs[0].ID != "c2" || cs[1].ID != "c1" {
			t.Fatalf("ListClips newest first: %v", cs)
		}
		if cs, _ := st.ListClips(ctx, "u-bob"); len(cs) != 0 {
			t.Fatalf("bob's clips: %v", cs)
		}
		// The same content again is the clip already stored.
		if got, err := st.CreateClip(ctx, clip("u-alice", "c3", "aa", 1<<33, 12), 0); err != nil || got.ID != "c1" {
			t.Fatalf("identical clip: %+v %v, want c1", got, err)
		}
		if err := st.DeleteClip(ctx, "u-bob", "c1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("delete another user's clip: %v", err)
		}
		if err := st.DeleteClip(ctx, "u-alice", "c1"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ClipByID(ctx, "c1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("deleted clip: %v", err)
		}
		// Clips count against the quota shared with photos and musics.
		if _, err := st.CreatePhoto(ctx, &model.Photo{ID: "p1", UserID: "u-bob", Blob: "b", ThumbBlob: "t", ContentType: "image/jpeg",
			Size: 40, SHA256: "p", CreatedOn: time.Unix(10, 0)}, 100); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateClip(ctx, clip("u-bob", "c4", "cc", 50, 11), 100); err != nil {
			t.Fatal(err)
		}
		if n, err := st.StorageUsed(ctx, "u-bob"); err != nil || n != 90 {
			t.Fatalf("used %d %v, want 90 (photo 40 + clip 50)", n, err)
		}
		_, err = st.CreateClip(ctx, clip("u-bob", "c5", "dd", 11, 12), 100)
		var qe *model.QuotaError
		if !errors.As(err, &qe) || qe.Used != 90 || qe.Size != 11 {
			t.Fatalf("clip over quota: %v, want a QuotaError 90+11 > 100", err)
		}
		if _, err := st.CreateMusic(ctx, &model.Music{ID: "m1", UserID: "u-bob", Blob: "bm", ContentType: "audio/mpeg", Size: 11, SHA256: "ee", CreatedOn: time.Unix(13, 0)}, 100); !errors.Is(err, model.ErrQuotaExceeded) {
			t.Fatalf("music past a quota filled by a clip: %v", err)
		}
		if _, err := st.ClipByID(ctx, "c5"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("a refused clip was stored: %v", err)
		}
		// A user's clips go with the user.
		if err := st.DeleteUser(ctx, "bob"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ClipByID(ctx, "c4"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("clip of a deleted user: %v", err)
		}
	})

	t.Run("Videos", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		for i := 0; i < 5; i++ {
			confVideo(t, st, "u-alice", fmt.Sprint("v", i), 100+int64(i/2)) // pairs share a created_on
		}
		v, err := st.Video(ctx, "u-alice", "v1")
		if err != nil || v.Assets[0].AssetID != "p1" || v.Tags[0] != "a" || v.Quality != 360 || v.Renditions != nil || v.Preview != nil {
			t.Fatalf("Video: %+v %v", v, err)
		}
		if _, err := st.Video(ctx, "u-bob", "v1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("another user's video: %v", err)
		}
		// Round trip of renditions, preview and warnings.
		v.Status = model.StatusPublished
		v.Renditions = map[int]model.Rendition{360: {Blob: "r", Size: 7, ThumbBlob: "t", ThumbSize: 3}}
		v.Preview = &model.Rendition{Blob: "pv", Size: 1}
		v.Warnings = []string{"no font for U+1F600"}
		if err := st.UpdateVideo(ctx, v); err != nil {
			t.Fatal(err)
		}
		w, _ := st.VideoByID(ctx, "v1")
		if w.Status != model.StatusPublished || w.Renditions[360].Size != 7 || w.Preview == nil || w.Preview.Blob != "pv" || len(w.Warnings) != 1 {
			t.Fatalf("after update: %+v", w)
		}
		// A stale copy (read before the status changed) is refused.
		stale, _ := st.Video(ctx, "u-alice", "v2")
		fresh, _ := st.Video(ctx, "u-alice", "v2")
		fresh.Status = model.StatusProcessing
		if err := st.UpdateVideo(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		stale.Name = "clobber"
		if err := st.UpdateVideo(ctx, stale); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("stale update: %v, want ErrConflict", err)
		}
		if got, _ := st.VideoByID(ctx, "v2"); got.Name == "clobber" {
			t.Fatal("stale update was written")
		}
		// Keyset pages, newest first, through ties on created_on.
		var seen []string
		var page []*model.Video
		p := model.VideoPage{Count: 2}
		for {
			page, err = st.ListVideos(ctx, "u-alice", p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, x := range page {
				seen = append(seen, x.ID)
			}
			last := page[len(page)-1]
			p.Before, p.BeforeID = &last.CreatedOn, last.ID
		}
		if fmt.Sprint(seen) != "[v4 v3 v2 v1 v0]" {
			t.Fatalf("pages %v", seen)
		}
		after := time.Unix(100, 0).UTC()
		if up, _ := st.ListVideos(ctx, "u-alice", model.VideoPage{Count: 2, After: &after, AfterID: "v1"}); len(up) != 2 || up[0].ID != "v3" || up[1].ID != "v2" {
			t.Fatalf("After page: %v", up)
		}
		if n, _ := st.CountVideos(ctx, "u-alice"); n != 5 {
			t.Fatalf("count %d", n)
		}
		if err := st.SetProgress(ctx, "v2", 42); err != nil {
			t.Fatal(err)
		}
		st.SetProgress(ctx, "v1", 42) // published: ignored
		if a, _ := st.VideoByID(ctx, "v2"); a.Progress != 42 {
			t.Fatalf("progress %v", a.Progress)
		}
		if b, _ := st.VideoByID(ctx, "v1"); b.Progress != 0 {
			t.Fatalf("progress of a published video %v", b.Progress)
		}
		st.AddView(ctx, "v1")
		st.AddView(ctx, "v1")
		if b, _ := st.VideoByID(ctx, "v1"); b.View != 2 {
			t.Fatalf("views %d", b.View)
		}
		if d, err := st.LastDraft(ctx, "u-alice"); err != nil || d.Status != model.StatusInitial || d.ID != "v4" {
			t.Fatalf("LastDraft %+v %v", d, err)
		}
		if err := st.DeleteVideo(ctx, "u-bob", "v1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("delete another user's video: %v", err)
		}
	})

	t.Run("EnqueueExactlyOnce", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", &three)
		confVideo(t, st, "u-alice", "v", 1)
		req := model.JobRequest{UserID: "u-alice", VideoID: "v", Kind: model.JobRender, AppID: "app2", Now: time.Unix(50, 0)}
		j1, err := st.Enqueue(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := st.VideoByID(ctx, "v"); v.Status != model.StatusProcessing || v.AppID != "app2" {
			t.Fatalf("after enqueue: %s %s", v.Status, v.AppID)
		}
		j2, err := st.Enqueue(ctx, req)
		if !errors.Is(err, model.ErrAlreadyQueued) || j2 == nil || j2.ID != j1.ID {
			t.Fatalf("duplicate enqueue: %v %v, want ErrAlreadyQueued with job %d", j2, err, j1.ID)
		}
		// Past the status guard, the unique index still holds.
		if err := st.Raw(`UPDATE videos SET status='initial' WHERE id='v'`); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enqueue(ctx, req); !errors.Is(err, model.ErrAlreadyQueued) {
			t.Fatalf("enqueue past the status guard: %v, want ErrAlreadyQueued", err)
		}
		if c := credits(t, st, "u-alice"); c != 2 {
			t.Fatalf("credits %d after one job, want 2", c)
		}
		st.Finish(ctx, j1.ID, "boom", nil)
		st.Finish(ctx, j1.ID, "boom again", nil)
		if c := credits(t, st, "u-alice"); c != 3 {
			t.Fatalf("credits %d after a failure reported twice, want 3 (one refund)", c)
		}
	})

	t.Run("EnqueueConcurrent", func(t *testing.T) {
		// 16 videos of one user with 10 credits, each asked to render 8
		// times at once: exactly 10 jobs, 10 credits, one per video.
		st := open(t)
		ten := int64(10)
		confUser(t, st, "alice", &ten)
		for i := 0; i < 16; i++ {
			confVideo(t, st, "u-alice", fmt.Sprint("v", i), 1)
		}
		var mu sync.Mutex
		jobs := map[string]int64{}
		var noCredits, dup int
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			for k := 0; k < 8; k++ {
				wg.Add(1)
				go func(vid string) {
					defer wg.Done()
					j, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: vid, Kind: model.JobRender, Now: time.Now()})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						if _, ok := jobs[vid]; ok {
							t.Errorf("second job for %s", vid)
						}
						jobs[vid] = j.ID
					case errors.Is(err, model.ErrNoCredits):
						noCredits++
					case errors.Is(err, model.ErrAlreadyQueued):
						dup++
					default:
						t.Errorf("enqueue %s: %v", vid, err)
					}
				}(fmt.Sprint("v", i))
			}
		}
		wg.Wait()
		if len(jobs) != 10 || credits(t, st, "u-alice") != 0 {
			t.Fatalf("%d jobs, %d credits left (no credits %d, duplicates %d), want 10 jobs and 0", len(jobs), credits(t, st, "u-alice"), noCredits, dup)
		}
		if q, r, err := st.QueueDepth(ctx); err != nil || q != 10 || r != 0 {
			t.Fatalf("queue depth %d/%d %v", q, r, err)
		}
		// Videos refused for credits are not left processing.
		processing := 0
		for i := 0; i < 16; i++ {
			if v, _ := st.VideoByID(ctx, fmt.Sprint("v", i)); v.Status == model.StatusProcessing {
				processing++
			}
		}
		if processing != 10 {
			t.Fatalf("%d videos processing, want 10", processing)
		}
	})

	t.Run("QueueOrderPreviewsCapsRefunds", func(t *testing.T) {
		st := open(t)
		one := int64(1)
		confUser(t, st, "alice", &one)
		confUser(t, st, "bob", nil)
		for _, id := range []string{"a1", "a2", "a3"} {
			confVideo(t, st, "u-alice", id, 1)
		}
		confVideo(t, st, "u-bob", "b1", 1)
		pv, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "a1", Kind: model.JobPreview, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if j, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "a1", Kind: model.JobPreview, Now: time.Now()}); !errors.Is(err, model.ErrAlreadyQueued) || j.ID != pv.ID {
			t.Fatalf("second preview: %v %v, want to join %d", j, err, pv.ID)
		}
		if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "nope", Kind: model.JobPreview, Now: time.Now()}); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("preview of a missing video: %v", err)
		}
		if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-bob", VideoID: "a2", Kind: model.JobRender, Now: time.Now()}); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("render of another user's video: %v", err)
		}
		if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "a2", Kind: model.JobRender, Now: time.Now(), MaxQueued: 1}); !errors.Is(err, model.ErrQueueFull) {
			t.Fatalf("beyond MaxQueued: %v", err)
		}
		if v, _ := st.VideoByID(ctx, "a2"); v.Status != model.StatusInitial {
			t.Fatalf("a refused render left the video %s", v.Status)
		}
		r1, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "a2", Kind: model.JobRender, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "a3", Kind: model.JobRender, Now: time.Now()}); !errors.Is(err, model.ErrNoCredits) {
			t.Fatalf("render with no credits: %v", err)
		}
		rb, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-bob", VideoID: "b1", Kind: model.JobRender, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		// Each ledger job has one River job: renders in the render
		// queue, previews in the preview queue (lower priority).
		want := map[int64]string{r1.ID: queue.Render, rb.ID: queue.Render, pv.ID: queue.Preview}
		jobs := RiverJobs(t, st)
		if len(jobs) != 3 {
			t.Fatalf("river jobs %+v, want 3", jobs)
		}
		for _, j := range jobs {
			id := int64(j.Args["job_id"].(float64))
			if want[id] != j.Queue || j.Kind != j.Queue || j.State != "available" || j.Args["video_id"] == "" {
				t.Fatalf("river job %+v for ledger job %d, want queue %s", j, id, want[id])
			}
			delete(want, id)
		}
		for _, id := range []int64{r1.ID, rb.ID, pv.ID} {
			j, err := st.StartJob(ctx, id)
			if err != nil || j.Attempts != 1 || j.ID != id {
				t.Fatalf("start %d: %+v %v", id, j, err)
			}
		}
		if j, err := st.StartJob(ctx, rb.ID); err != nil || j.Attempts != 2 {
			t.Fatalf("second start of a running job: %+v %v, want attempts 2", j, err)
		}
		if q, r, _ := st.QueueDepth(ctx); q != 0 || r != 3 {
			t.Fatalf("depth %d/%d, want 0/3", q, r)
		}
		// Deleting the video of a running render refunds its credit once,
		// and a failure reported afterwards refunds nothing more.
		if err := st.DeleteVideo(ctx, "u-alice", "a2"); err != nil {
			t.Fatal(err)
		}
		st.Finish(ctx, r1.ID, "cancelled", nil)
		if _, err := st.StartJob(ctx, r1.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("start of a finished job: %v, want ErrNotFound", err)
		}
		if c := credits(t, st, "u-alice"); c != 1 {
			t.Fatalf("credits %d after delete + failure, want 1", c)
		}
		if err := st.Finish(ctx, rb.ID, "", &model.CallbackRequest{URL: "http://cb/", Body: []byte(`{"done":1}`), Attempts: 3}); err != nil {
			t.Fatal(err)
		}
		if err := st.Finish(ctx, 99999, "", &model.CallbackRequest{URL: "http://cb/", Body: []byte(`{"lost":1}`), Attempts: 3}); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("finish of a missing job: %v", err)
		}
		// The finished job's callback was queued with it; the missing
		// job's was rolled back.
		var cbs []RiverJob
		for _, j := range RiverJobs(t, st) {
			if j.Kind == queue.Callback {
				cbs = append(cbs, j)
			}
		}
		if len(cbs) != 1 || cbs[0].Queue != queue.Callback || cbs[0].Args["url"] != "http://cb/" || fmt.Sprint(cbs[0].Args["body"]) != "map[done:1]" {
			t.Fatalf("callback jobs %+v, want the one finished job's", cbs)
		}
		if q, r, _ := st.QueueDepth(ctx); q != 0 || r != 1 {
			t.Fatalf("depth %d/%d, want 0/1 (the preview)", q, r)
		}
	})

	t.Run("Callbacks", func(t *testing.T) {
		st := open(t)
		if err := st.EnqueueCallback(ctx, model.CallbackRequest{URL: "http://a/", Body: []byte(`{"x":1}`), Attempts: 4}); err != nil {
			t.Fatal(err)
		}
		if err := st.EnqueueCallback(ctx, model.CallbackRequest{URL: "http://b/", Body: []byte(`not json`), Attempts: 4}); err == nil {
			t.Fatal("a callback body that is not JSON was queued")
		}
		jobs := RiverJobs(t, st)
		if len(jobs) != 1 || jobs[0].Kind != queue.Callback || jobs[0].Args["url"] != "http://a/" || jobs[0].State != "available" {
			t.Fatalf("callback jobs %+v", jobs)
		}
	})

	t.Run("Liveness", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		confVideo(t, st, "u-alice", "v", 1)
		if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "v", Kind: model.JobRender, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		live := st.Store.(queue.Liveness)
		now := time.Now()
		for _, p := range []model.Process{
			{ID: "alive", Role: "worker", Host: "h", PID: 1, StartedOn: now, SeenOn: now},
			{ID: "dead", Role: "worker", Host: "h", PID: 2, StartedOn: now.Add(-time.Hour), SeenOn: now.Add(-time.Minute)},
			{ID: "api", Role: "serve", Host: "h", PID: 3, StartedOn: now, SeenOn: now},
		} {
			if err := live.Heartbeat(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		qs, err := st.QueueStats(ctx, now.Add(-15*time.Second))
		if err != nil || qs.Live["worker"] != 1 || qs.Live["serve"] != 1 || qs.Jobs[queue.Render]["available"] != 1 {
			t.Fatalf("stats %+v %v: want 1 live worker, 1 live serve, 1 available render", qs, err)
		}
		// The job runs in the live process: no rescue.
		run := func(by string) {
			if err := st.Raw(`UPDATE river_job SET state='running', attempt=1, attempted_by=` + st.AttemptedBy(by)); err != nil {
				t.Fatal(err)
			}
		}
		run("alive")
		if n, err := live.RescueOrphans(ctx, "api", now.Add(-15*time.Second)); err != nil || n != 0 {
			t.Fatalf("rescue of a live process's job: %d %v", n, err)
		}
		// The job's process stopped heartbeating a minute ago: rescued.
		run("dead")
		if qs, _ := st.QueueStats(ctx, now.Add(-15*time.Second)); qs.Jobs[queue.Render]["running"] != 1 {
			t.Fatalf("stats %+v, want the job running", qs)
		}
		if n, err := live.RescueOrphans(ctx, "api", now.Add(-15*time.Second)); err != nil || n != 1 {
			t.Fatalf("rescue of a dead process's job: %d %v, want 1", n, err)
		}
		if jobs := RiverJobs(t, st); jobs[0].State != "available" {
			t.Fatalf("rescued job %+v, want available", jobs[0])
		}
		// A process that was never registered is dead too; the rescuer's
		// own jobs are never touched.
		run("ghost")
		if n, _ := live.RescueOrphans(ctx, "ghost", now.Add(time.Hour)); n != 0 {
			t.Fatalf("rescued %d of the rescuer's own jobs", n)
		}
		if n, _ := live.RescueOrphans(ctx, "api", now.Add(-15*time.Second)); n != 1 {
			t.Fatalf("rescued %d jobs of an unregistered process, want 1", n)
		}
		if err := live.ForgetProcess(ctx, "alive"); err != nil {
			t.Fatal(err)
		}
		if qs, _ := st.QueueStats(ctx, now.Add(-15*time.Second)); qs.Live["worker"] != 0 {
			t.Fatalf("a forgotten process still counts live: %+v", qs)
		}
		// Long-dead processes are pruned; the live one stays.
		if err := live.PruneProcesses(ctx, now.Add(-30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if qs, _ := st.QueueStats(ctx, time.Time{}); qs.Live["worker"] != 0 || qs.Live["serve"] != 1 {
			t.Fatalf("after pruning: %+v, want only the live serve process", qs)
		}
	})

	t.Run("Segments", func(t *testing.T) {
		st := open(t)
		confUser(t, st, "alice", nil)
		confVideo(t, st, "u-alice", "v", 1)
		job, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "v", Kind: model.JobRender, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		units := []model.SegmentKey{{Quality: 480, Index: 0}, {Quality: 480, Index: 1}, {Quality: 360, Index: 0}, {Quality: 360, Index: 1}}
		if err := st.CreateSegments(ctx, job, units, 2, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateSegments(ctx, job, units[:1], 2, time.Now()); err == nil {
			t.Fatal("a segment created twice")
		}
		// One River job per row, in the segment queue, in the order given
		// (the failed second call inserted none).
		var river []RiverJob
		for _, j := range RiverJobs(t, st) {
			if j.Kind == queue.Segment {
				river = append(river, j)
			}
		}
		if len(river) != len(units) {
			t.Fatalf("river segment jobs %+v, want %d", river, len(units))
		}
		for i, j := range river {
			if j.Queue != queue.Segment || j.Args["video_id"] != "v" || int64(j.Args["job_id"].(float64)) != job.ID ||
				int(j.Args["quality"].(float64)) != units[i].Quality || int(j.Args["index"].(float64)) != units[i].Index || j.Args["count"].(float64) != 2 {
				t.Fatalf("river segment job %d: %+v, want %+v of job %d", i, j, units[i], job.ID)
			}
		}
		segs, err := st.Segments(ctx, job.ID)
		if err != nil || len(segs) != 4 || segs[0].SegmentKey != (model.SegmentKey{Quality: 360, Index: 0}) || segs[3].SegmentKey != (model.SegmentKey{Quality: 480, Index: 1}) {
			t.Fatalf("segments %+v %v", segs, err)
		}
		for _, sg := range segs {
			if sg.State != model.SegmentQueued || sg.Count != 2 || sg.JobID != job.ID || sg.ClaimedBy != "" || sg.Blob != "" {
				t.Fatalf("new segment %+v", sg)
			}
		}
		// The next claim takes the largest rendition first.
		a, err := st.ClaimNextSegment(ctx, job.ID, "A", "t1")
		if err != nil || a.SegmentKey != (model.SegmentKey{Quality: 480, Index: 0}) || a.State != model.SegmentRunning || a.ClaimedBy != "A" || a.Token != "t1" ||
			a.Blob != model.SegmentBlob(job.ID, model.SegmentKey{Quality: 480, Index: 0}, "t1") {
			t.Fatalf("claim next: %+v %v", a, err)
		}
		if _, err := st.ClaimSegment(ctx, model.SegmentKey{Quality: 480, Index: 0}, job.ID, "B", "x"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("claim of a claimed segment: %v", err)
		}
		if _, err := st.ClaimSegment(ctx, model.SegmentKey{Quality: 480, Index: 1}, job.ID, "B", "t2"); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishSegment(ctx, model.SegmentKey{Quality: 480, Index: 1}, job.ID, "t1", 10); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("finish under another claim's token: %v", err)
		}
		if err := st.FinishSegment(ctx, model.SegmentKey{Quality: 480, Index: 1}, job.ID, "t2", 1234); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishSegment(ctx, model.SegmentKey{Quality: 480, Index: 1}, job.ID, "t2", 1234); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("finish twice: %v", err)
		}
		if _, err := st.ClaimSegment(ctx, model.SegmentKey{Quality: 480, Index: 1}, job.ID, "C", "x"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("claim of a done segment: %v", err)
		}
		// A released segment is queued again, without its claim.
		if err := st.ReleaseSegment(ctx, model.SegmentKey{Quality: 480, Index: 0}, job.ID, "nope"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("release under a wrong token: %v", err)
		}
		if err := st.ReleaseSegment(ctx, model.SegmentKey{Quality: 480, Index: 0}, job.ID, "t1"); err != nil {
			t.Fatal(err)
		}
		segs, _ = st.Segments(ctx, job.ID)
		if sg := segs[2]; sg.SegmentKey != (model.SegmentKey{Quality: 480, Index: 0}) || sg.State != model.SegmentQueued || sg.Token != "" || sg.Blob != "" {
			t.Fatalf("released segment %+v", sg)
		}
		if sg := segs[3]; sg.State != model.SegmentDone || sg.Size != 1234 || sg.Blob != model.SegmentBlob(job.ID, model.SegmentKey{Quality: 480, Index: 1}, "t2") {
			t.Fatalf("done segment %+v", sg)
		}
		// Liveness: a claim by a process that stopped heartbeating is
		// taken over; a live process's claim is not.
		live := st.Store.(queue.Liveness)
		now := time.Now()
		for _, p := range []model.Process{
			{ID: "A", Role: "worker", Renders: 2, StartedOn: now, SeenOn: now},
			{ID: "B", Role: "worker", Renders: 1, StartedOn: now, SeenOn: now.Add(-time.Minute)},
			{ID: "C", Role: "worker", Renders: 1, StartedOn: now, SeenOn: now},
			{ID: "api", Role: "serve", StartedOn: now, SeenOn: now},
		} {
			if err := live.Heartbeat(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := st.RenderSlots(ctx, now.Add(-15*time.Second)); err != nil || n != 3 {
			t.Fatalf("render slots %d %v, want 3 (A 2 + C 1; B is stale, api renders none)", n, err)
		}
		if _, err := st.ClaimSegment(ctx, model.SegmentKey{Quality: 480, Index: 0}, job.ID, "A", "t3"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ClaimSegment(ctx, model.SegmentKey{Quality: 360, Index: 0}, job.ID, "B", "t4"); err != nil {
			t.Fatal(err)
		}
		r, old, err := st.ReclaimSegment(ctx, job.ID, "C", "t5", now.Add(-15*time.Second))
		if err != nil || r.SegmentKey != (model.SegmentKey{Quality: 360, Index: 0}) || r.ClaimedBy != "C" || r.Token != "t5" || r.State != model.SegmentRunning ||
			old != model.SegmentBlob(job.ID, model.SegmentKey{Quality: 360, Index: 0}, "t4") || r.Blob != model.SegmentBlob(job.ID, model.SegmentKey{Quality: 360, Index: 0}, "t5") {
			t.Fatalf("reclaim: %+v %q %v", r, old, err)
		}
		if _, _, err := st.ReclaimSegment(ctx, job.ID, "C", "t6", now.Add(-15*time.Second)); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("reclaim with every claimant alive: %v", err)
		}
		if err := st.FinishSegment(ctx, model.SegmentKey{Quality: 360, Index: 0}, job.ID, "t4", 1); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("finish by the claimant given up on: %v", err)
		}
		// Another job's segments are separate.
		confVideo(t, st, "u-alice", "w", 1)
		job2, err := st.Enqueue(ctx, model.JobRequest{UserID: "u-alice", VideoID: "w", Kind: model.JobRender, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateSegments(ctx, job2, units[:1], 1, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ClaimNextSegment(ctx, job.ID, "A", "t7"); err != nil { // 360/1, the last queued
			t.Fatal(err)
		}
		if _, err := st.ClaimNextSegment(ctx, job.ID, "A", "t8"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("claim next with none queued: %v", err)
		}
		blobs, err := st.DeleteSegments(ctx, job.ID)
		slices.Sort(blobs)
		want := []string{model.SegmentBlob(job.ID, model.SegmentKey{Quality: 360, Index: 0}, "t5"), model.SegmentBlob(job.ID, model.SegmentKey{Quality: 360, Index: 1}, "t7"),
			model.SegmentBlob(job.ID, model.SegmentKey{Quality: 480, Index: 0}, "t3"), model.SegmentBlob(job.ID, model.SegmentKey{Quality: 480, Index: 1}, "t2")}
		slices.Sort(want)
		if err != nil || !slices.Equal(blobs, want) {
			t.Fatalf("deleted blobs %q %v, want %q", blobs, err, want)
		}
		if segs, err := st.Segments(ctx, job.ID); err != nil || len(segs) != 0 {
			t.Fatalf("segments after delete: %+v %v", segs, err)
		}
		if segs, _ := st.Segments(ctx, job2.ID); len(segs) != 1 {
			t.Fatalf("the other job's segments: %+v", segs)
		}
		if blobs, err := st.DeleteSegments(ctx, job.ID); err != nil || len(blobs) != 0 {
			t.Fatalf("delete twice: %q %v", blobs, err)
		}
	})
}
