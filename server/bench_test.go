package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/model"
)

// BenchmarkListVideos measures GET /me/videos (a page of 15 of 200
// videos) through a real listener, with auth and SQLite.
func BenchmarkListVideos(b *testing.B) {
	e := newTestEnv(b, func(c *Config) { c.RateLimit = 1e9 })
	c := e.loginApp("bench")
	now := time.Now()
	for i := 0; i < 200; i++ {
		v := &model.Video{ID: auth.NewID(), UserID: c.id, Name: fmt.Sprint("v", i), Status: model.StatusInitial, Quality: 360, CreatedOn: now, ModifiedOn: now}
		if err := e.store.CreateVideo(context.Background(), v); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if r := c.do("GET", "/me/videos?count=15", nil, nil); r.code != 200 {
			b.Fatal(r.code)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
