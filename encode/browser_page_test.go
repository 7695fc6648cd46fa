//go:build linux

package encode

import (
	"encoding/json"
	"strings"
)

// pageConfig is what the browser test page is told: the clip URL, the MIME
// type with codecs to probe, where to sample colours and the times to seek.
type pageConfig struct {
	Src       string    `json:"src"`
	Report    string    `json:"report"`    // URL the page POSTs its pageReport to
	TimeoutMS int       `json:"timeoutMS"` // give up and report after this long
	Type      string    `json:"type"`
	PlayTo    float64   `json:"playTo"`            // play (muted) at least this far before seeking
	Started   string    `json:"started,omitempty"` // if set, POSTed to once playback reaches PlayTo
	PlayOn    bool      `json:"playOn,omitempty"`  // after PlayTo, play on to the end and sample the last frame
	Seeks     []float64 `json:"seeks"`
	X         int       `json:"x"`    // left of the sampled square
	Y         int       `json:"y"`    // top of the sampled square
	Size      int       `json:"size"` // side of the sampled square in pixels
}

// pageSample is one seek and the mean colour read back from a canvas.
type pageSample struct {
	Target float64    `json:"target"`
	At     float64    `json:"at"`
	RGB    [3]float64 `json:"rgb"`
}

// pageReport is the JSON the page writes into the DOM when it finishes.
type pageReport struct {
	CanPlayType       string       `json:"canPlayType"`
	MSESupported      *bool        `json:"mseSupported"`
	Error             *int         `json:"error"`
	ErrorMessage      string       `json:"errorMessage"`
	Exception         string       `json:"exception"`
	TimedOut          bool         `json:"timedOut"`
	Events            []string     `json:"events"`
	PlayedTo          float64      `json:"playedTo"`
	VideoWidth        int          `json:"videoWidth"`
	VideoHeight       int          `json:"videoHeight"`
	Duration          float64      `json:"duration"`
	ReadyState        int          `json:"readyState"`
	Seeked            int          `json:"seeked"`
	Samples           []pageSample `json:"samples"`
	TotalVideoFrames  *int         `json:"totalVideoFrames"`
	DroppedFrames     *int         `json:"droppedVideoFrames"`
	VideoDecodedBytes *int         `json:"videoDecodedBytes"`
	AudioDecodedBytes *int         `json:"audioDecodedBytes"`
}

// playbackPage returns the HTML test page for cfg. Its script plays the
// clip muted, pauses, seeks to each time in turn, samples the mean colour
// of a square with a canvas after each seek, then POSTs a pageReport as
// JSON to cfg.Report.
func playbackPage(cfg pageConfig) string {
	js, err := json.Marshal(cfg)
	if err != nil {
		panic(err) // plain struct of numbers and strings
	}
	return strings.Replace(pageTemplate, "CONFIG", string(js), 1)
}

const pageTemplate = `<!doctype html>
<html><head><meta charset="utf-8"><title>reel playback</title></head>
<body><script>
"use strict";
const cfg = CONFIG;
const r = {events: [], samples: [], seeked: 0};
let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  r.videoWidth = v.videoWidth; r.videoHeight = v.videoHeight;
  r.duration = v.duration; r.readyState = v.readyState;
  if (v.getVideoPlaybackQuality) {
    const q = v.getVideoPlaybackQuality();
    r.totalVideoFrames = q.totalVideoFrames; r.droppedVideoFrames = q.droppedVideoFrames;
  }
  if ("webkitVideoDecodedByteCount" in v) r.videoDecodedBytes = v.webkitVideoDecodedByteCount;
  if ("webkitAudioDecodedByteCount" in v) r.audioDecodedBytes = v.webkitAudioDecodedByteCount;
  fetch(cfg.report, {method: "POST", body: JSON.stringify(r)});
}
const v = document.createElement("video");
v.muted = true; v.preload = "auto"; v.playsInline = true;
document.body.appendChild(v);
r.canPlayType = v.canPlayType(cfg.type);
r.mseSupported = window.MediaSource ? MediaSource.isTypeSupported(cfg.type) : null;
for (const e of ["loadedmetadata", "loadeddata", "canplay", "playing", "pause", "seeking", "seeked", "ended", "stalled"]) {
  v.addEventListener(e, () => r.events.push(e + "@" + v.currentTime.toFixed(3)));
}
v.addEventListener("seeked", () => r.seeked++);
v.addEventListener("error", () => {
  r.error = v.error ? v.error.code : -1;
  r.errorMessage = v.error ? v.error.message : "";
  finish();
});
setTimeout(() => { r.timedOut = true; finish(); }, cfg.timeoutMS);

function once(name) { return new Promise(res => v.addEventListener(name, res, {once: true})); }
function presented() {
  if (!v.requestVideoFrameCallback) return new Promise(res => setTimeout(res, 200));
  return new Promise(res => {
    v.requestVideoFrameCallback(() => res());
    setTimeout(res, 3000); // never hang: fall back after 3 s
  });
}
function sample() {
  const c = document.createElement("canvas");
  c.width = v.videoWidth; c.height = v.videoHeight;
  const g = c.getContext("2d", {willReadFrequently: true});
  g.drawImage(v, 0, 0);
  const d = g.getImageData(cfg.x, cfg.y, cfg.size, cfg.size).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < d.length; i += 4) { sum[0] += d[i]; sum[1] += d[i+1]; sum[2] += d[i+2]; }
  const n = d.length / 4;
  return sum.map(s => s / n);
}
async function run() {
  v.src = cfg.src;
  await v.play();
  while (v.currentTime < cfg.playTo && !v.ended) await once("timeupdate");
  r.playedTo = v.currentTime;
  if (cfg.started) await fetch(cfg.started, {method: "POST", body: String(v.currentTime)});
  if (cfg.playOn) {
    if (!v.ended) await once("ended");
    r.playedTo = v.currentTime;
    r.samples.push({target: v.duration, at: v.currentTime, rgb: sample()});
    finish();
    return;
  }
  v.pause();
  for (const t of cfg.seeks) {
    // Sample only once the seeked frame has been presented: on a busy
    // machine "seeked" can fire before the compositor shows the new frame,
    // and drawImage would read the previous one.
    const painted = presented();
    const done = once("seeked");
    v.currentTime = t;
    await done;
    await painted;
    r.samples.push({target: t, at: v.currentTime, rgb: sample()});
  }
  finish();
}
run().catch(e => { r.exception = String(e); finish(); });
</script></body></html>
`
