package compose

import (
	"image"
	"testing"
)

// TestCombinedClipFocus: faces from several pictures of a 1280x720 clip
// cropped for a 9:16 frame (crops 405 px wide): all of them when their
// union fits a crop; else the group one crop holds with the most face
// area summed over the pictures (a face seen in every picture outweighs
// a larger one seen once); without faces, the mean saliency point; one
// picture alone as a photo.
func TestCombinedClipFocus(t *testing.T) {
	pb := image.Rect(0, 0, 1280, 720)
	face := func(x, s int) image.Rectangle { return image.Rect(x, 200, x+s, 200+s) }
	fc := func(fs ...image.Rectangle) focus {
		return focus{on: true, faces: fs, point: center(union(fs))}
	}
	for _, tc := range []struct {
		name  string
		fcs   []focus
		faces image.Rectangle
		point image.Point
	}{
		{"walks in later, fits with the first", []focus{fc(face(100, 100)), fc(face(100, 100), face(350, 100))},
			face(100, 100).Union(face(350, 100)), center(face(100, 100).Union(face(350, 100)))},
		{"walks in later alone", []focus{{on: true, point: image.Pt(640, 360)}, fc(face(1100, 120))},
			face(1100, 120), center(face(1100, 120))},
		{"apart: the face seen throughout wins", []focus{fc(face(100, 100)), fc(face(100, 100)), fc(face(100, 100), face(1000, 150))},
			face(100, 100), center(face(100, 100))},
		{"apart: the larger group wins", []focus{fc(face(100, 100), face(1000, 120), face(1150, 120)), fc(face(100, 100))},
			face(1000, 120).Union(face(1150, 120)), center(face(1000, 120).Union(face(1150, 120)))},
		{"no faces: mean saliency", []focus{{on: true, point: image.Pt(100, 300)}, {on: true, point: image.Pt(301, 400)}},
			image.Rectangle{}, image.Pt(201, 350)},
	} {
		got := combineFocus(tc.fcs, pb, 360, 640)
		if union(got.faces) != tc.faces || got.point != tc.point || !got.on {
			t.Errorf("%s: faces %v point %v, want %v %v", tc.name, union(got.faces), got.point, tc.faces, tc.point)
		}
		crop, _ := focusCrop(pb, 360, 640, got, nil)
		if !tc.faces.In(crop) {
			t.Errorf("%s: crop %v does not hold %v", tc.name, crop, tc.faces)
		}
	}
	one := focus{on: true, faces: []image.Rectangle{face(0, 100), face(1100, 100)}, point: image.Pt(640, 250)}
	if got := combineFocus([]focus{one}, pb, 360, 640); len(got.faces) != 2 || got.point != one.point {
		t.Errorf("one picture: %+v, want it unchanged %+v", got, one)
	}
}
