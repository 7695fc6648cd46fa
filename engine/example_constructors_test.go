package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/reelkit/reel/engine"
)

// Build a project in code: photos with captions, a text slide, music and
// end credits. Times are time.Durations in Go and Picovico's seconds in
// the JSON.
func ExamplePhoto() {
	beach := engine.Photo("photos/01.jpg", "The beach")
	beach.End = 4500 * time.Millisecond // shown for 4.5 s
	p := &engine.Project{
		Name:  "Holiday",
		Style: "vanilla",
		Assets: []engine.Asset{
			beach,
			engine.Photo("photos/02.jpg", ""),
			engine.Text("Day two", "Into the hills"),
			engine.Music("music/demo.mp3"),
		},
		Credit: []engine.Credit{{Role: "Music", Name: "Demo band"}},
	}
	b, err := json.Marshal(p.Assets[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	b, _ = json.Marshal(p.Credit)
	fmt.Println(string(b))
	// Output:
	// {"name":"image","asset_id":"photos/01.jpg","start_time":0,"end_time":4.5,"data":{"caption":"The beach"}}
	// [["Music","Demo band"]]
}

// A text slide: a title and a body line, in the style's fonts. Validate
// places it on the timeline for the style's slide length.
func ExampleText() {
	p := &engine.Project{Name: "Notes", Style: "vanilla", Assets: []engine.Asset{
		engine.Text("Chapter one", "The journey begins"),
	}}
	pl, err := engine.Validate(context.Background(), p, nil, engine.Options{})
	if err != nil {
		log.Fatal(err)
	}
	s := pl.Slides[1] // after the title card
	fmt.Println(s.Asset.Kind, s.Asset.Data.Title, "/", s.Asset.Data.Text)
	// Output: text Chapter one / The journey begins
}

// A music track placed on the timeline: from 2 s to 30 s of the video
// (without Start and End it starts with the video and loops to its end).
func ExampleMusic() {
	m := engine.Music("music/demo.mp3")
	m.Start, m.End = 2*time.Second, 30*time.Second
	b, err := json.Marshal(m)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output: {"name":"music","asset_id":"music/demo.mp3","start_time":2,"end_time":30,"data":{}}
}

// A video clip: seconds 2.5 to 7 of the file play, at half volume, with a
// caption. The zero ClipOptions plays the whole clip as recorded.
func ExampleClip() {
	c := engine.Clip("clips/surf.mp4", engine.ClipOptions{
		Caption:   "Surf",
		TrimStart: 2500 * time.Millisecond,
		TrimEnd:   7 * time.Second,
		Volume:    0.5,
	})
	b, err := json.Marshal(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	fmt.Println(c.Data.ClipVolume(), engine.Clip("clips/quiet.mp4", engine.ClipOptions{Mute: true}).Data.ClipVolume())
	// Output:
	// {"name":"video","asset_id":"clips/surf.mp4","start_time":0,"end_time":0,"data":{"caption":"Surf","trim_start":2.5,"trim_end":7,"volume":0.5}}
	// 0.5 0
}

// A logo in the top-left corner of every frame, at the default size and
// opacity. A corner outside the Corner constants fails validation.
func ExampleLogo() {
	p := &engine.Project{Name: "Branded", Style: "vanilla", Assets: []engine.Asset{
		engine.Text("Hello", ""),
		engine.Logo("logo.png", engine.CornerTopLeft),
	}}
	b, err := json.Marshal(p.Assets[1])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	p.Assets[1].Data.Corner = "middle"
	_, err = engine.Validate(context.Background(), p, nil, engine.Options{})
	fmt.Println(err)
	// Output:
	// {"name":"logo","asset_id":"logo.png","start_time":0,"end_time":0,"data":{"corner":"top-left"}}
	// assets[1] (logo "logo.png") has corner "middle"; want top-left, top-right, bottom-left or bottom-right (status 7403)
}
