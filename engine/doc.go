// Package engine is reel's public library API: it turns a Picovico-style
// video project (photos with captions, text slides, music, end credits, a
// style and a quality) into finished MP4 files.
//
// The flow of one render:
//
//  1. A [Project] (the JSON video object of Picovico's API) is checked by
//     [Validate], which returns either a typed [*StatusError] carrying one of
//     Picovico's codes (7401..7404) or a [*Plan]: every slide with absolute
//     start and end times, transition windows, the title and credits cards,
//     the music cues and the total frame count, all known before a single
//     frame is drawn.
//  2. Assets are fetched through a [Resolver]; the engine knows nothing of
//     HTTP, SQL or files ([FileResolver] is the one the CLI uses).
//  3. [Render] composes frames in parallel, streams them to one encoder per
//     rendition, shares one AAC track between renditions, writes a JPEG
//     thumbnail per rendition and reports progress. Cancelling the context
//     stops it promptly and leaves no partial file.
//
// # Timing rules
//
// The timeline is planned from the project alone, in this order:
//
//   - The title card (the project's name) opens the video; it lasts the
//     style's title duration.
//   - Image and text assets become slides in array order. A slide whose
//     start_time and end_time are both 0 (what Picovico clients send) lasts
//     the style's default slide duration. A slide with end_time > start_time
//     lasts end_time - start_time seconds. Explicit times are honoured as
//     durations and as positions: a slide never starts before its
//     start_time (measured from the end of the title card); if the previous
//     slide ends earlier, the previous slide is held on screen until then, so
//     a gap never shows black. If a slide's start_time lies before the end of
//     the previous slide (an overlap), the slide starts when the previous one
//     would have ended: slides never overlap except inside transition
//     windows, and array order always wins over start_time.
//   - Neighbouring slides overlap by the style's transition duration (the
//     transition window), clamped to a third of the shorter slide.
//   - The credits card (from credit) closes the video when credits are given;
//     it lasts the style's credits duration.
//   - Music assets become cues: start_time/end_time place the track on the
//     video timeline (0/0 = the whole video); the track is trimmed, looped and
//     faded by the audio package. The video's length is set by the slides,
//     never by the music.
//   - Times are rounded to whole frames of the output frame rate; the total
//     frame count is exact before rendering.
package engine
