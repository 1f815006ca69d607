import AuteurCore
import AuteurPlanner
import Foundation
import Testing

/// Other wordings of the public requests (at least two per kind of
/// request), in the planner-eval case format, so that the planner is held
/// to meanings rather than to the exact sentences of the public file.
enum Paraphrases {
    static let yaml = """
    - id: create-car-1
      turns: ["a red sedan crossing the desert from the left to the right, around noon"]
      expect:
        - exists: {kind: car, color: red}
        - moves: {kind: car, direction: left-to-right}
        - setting: desert
        - time_of_day: noon
    - id: create-car-2
      turns: ["In the desert at midday, a red car drives left to right."]
      expect:
        - exists: {kind: car, color: red}
        - moves: {kind: car, direction: left-to-right}
        - setting: desert
        - time_of_day: noon
        - reply: ok
    - id: create-car-3
      turns: ["show me a red car driving rightward through the desert at noon"]
      expect:
        - exists: {kind: car, color: red}
        - moves: {kind: car, direction: left-to-right}
        - setting: desert
    - id: relight-and-variant-1
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "set the time of day to sunset, and turn the car into a vintage convertible"
      expect:
        - time_of_day: sunset
        - exists: {kind: car, variant: vintage-convertible}
        - count: {kind: car, n: 1}
        - moves: {kind: car, direction: left-to-right}
    - id: relight-and-variant-2
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "sunset lighting please. also the car should be a vintage convertible"
      expect:
        - time_of_day: sunset
        - exists: {kind: car, variant: vintage-convertible}
        - count: {kind: car, n: 1}
    - id: selection-relight-1
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "sunset here"
      select: {frames: "48-95"}
      expect:
        - time_of_day: {is: sunset, frames: "48-95"}
        - time_of_day: {is: noon, frames: "0-40"}
        - unchanged: {frames: "0-40"}
    - id: selection-relight-2
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "change the light to sunset"
      select: {frames: "48-95"}
      expect:
        - time_of_day: {is: sunset, frames: "48-95"}
        - unchanged: {frames: "0-40"}
        - changed: {frames: "48-95"}
    - id: words-scope-1
      turns:
        - "a blue ball rolls across a meadow"
        - "make it night between 2 and 4 seconds"
      expect:
        - time_of_day: {is: night, frames: "2s-4s"}
        - unchanged: {frames: "0-40"}
    - id: words-scope-2
      turns:
        - "a blue ball rolls across a meadow"
        - "night time in frames 48-95"
      expect:
        - time_of_day: {is: night, frames: "48-95"}
        - time_of_day: {is: noon, frames: "0-47"}
    - id: words-scope-last-second
      canvas: {fps: 24, seconds: 6}
      turns:
        - "a blue ball rolls across a meadow"
        - "during the final second make it dusk"
      expect:
        - time_of_day: {is: dusk, frames: "120-143"}
        - unchanged: {frames: "0-110"}
    - id: words-scope-first-half
      turns:
        - "a blue ball rolls across a meadow"
        - "rain in the first half"
      expect:
        - weather: {is: rain, frames: "0-60"}
        - weather: {is: clear, frames: "80-143"}
    - id: bounce-1
      turns: ["in a studio, drop a yellow ball so it bounces on the floor"]
      expect:
        - exists: {kind: ball, color: yellow}
        - bounces: {kind: ball}
        - setting: studio
    - id: bounce-2
      turns: ["a bouncing yellow ball falls to the studio floor"]
      expect:
        - exists: {kind: ball, color: yellow}
        - bounces: {kind: ball}
    - id: pronoun-1
      turns:
        - "there is a green tree in a meadow"
        - "paint it orange"
      expect:
        - exists: {kind: tree, color: orange}
        - count: {kind: tree, n: 1}
    - id: pronoun-2
      turns:
        - "a green tree stands in a field"
        - "it should be orange"
      expect:
        - exists: {kind: tree, color: orange}
    - id: named-recolor-1
      turns:
        - "a red ball and a white box sit on a table in an office"
        - "make the box purple"
      expect:
        - exists: {kind: box, color: purple}
        - exists: {kind: ball, color: red}
    - id: named-recolor-2
      turns:
        - "a red ball and a white box sit on a table in an office"
        - "change the colour of the box to purple"
      expect:
        - exists: {kind: box, color: purple}
        - exists: {kind: ball, color: red}
        - exists: {kind: table}
    - id: ambiguous-1
      turns:
        - "two cars race from right to left on a city street"
        - "paint it blue"
      expect:
        - reply: question
        - count: {kind: car, n: 2}
        - reply_mentions: which car
    - id: ambiguous-2
      turns:
        - "two cars race from right to left on a city street"
        - "make the car blue"
      expect:
        - reply: question
    - id: both-recolor
      turns:
        - "two cars race from right to left on a city street"
        - "make both cars blue"
      expect:
        - exists: {kind: car, color: blue}
        - count: {kind: car, n: 2}
    - id: remove-1
      turns:
        - "a house with a tree next to it at dawn"
        - "delete the tree"
      expect:
        - absent: {kind: tree}
        - exists: {kind: house}
    - id: remove-2
      turns:
        - "a house and a tree beside it, at sunrise"
        - "take out the tree please"
      expect:
        - absent: {kind: tree}
        - exists: {kind: house}
        - time_of_day: dawn
    - id: rain-1
      turns: ["rainy night on a city street"]
      expect:
        - setting: city
        - weather: rain
        - time_of_day: night
    - id: rain-2
      turns: ["it is raining in the city at night"]
      expect:
        - setting: city
        - weather: rain
        - time_of_day: night
    - id: stop-rain-1
      turns:
        - "a city street in the rain at night"
        - "no more rain"
      expect:
        - weather: clear
    - id: stop-rain-2
      turns:
        - "a city street in the rain at night"
        - "make it stop raining"
      expect:
        - weather: clear
    - id: snow-1
      turns: ["a snowy morning in the forest"]
      expect:
        - setting: forest
        - weather: snow
        - time_of_day: morning
    - id: snow-2
      turns: ["forest, morning, snowing"]
      expect:
        - setting: forest
        - weather: snow
        - time_of_day: morning
    - id: pan-1
      turns:
        - "a boat sails on the ocean"
        - "pan right slowly"
      expect:
        - camera: {move: pan-right}
        - exists: {kind: boat}
    - id: pan-2
      turns:
        - "a sailboat on the sea"
        - "the camera should pan to the right"
      expect:
        - camera: {move: pan-right}
        - setting: ocean
    - id: tilt-up
      turns:
        - "a boat sails on the ocean"
        - "tilt the camera up"
      expect:
        - camera: {move: tilt-up}
    - id: zoom-1
      canvas: {fps: 30, seconds: 4}
      turns:
        - "a rocket stands on a launch pad in the desert"
        - "push in on the last second"
      expect:
        - camera: {move: zoom-in, frames: "90-119"}
        - unchanged: {frames: "0-80"}
    - id: zoom-2
      canvas: {fps: 30, seconds: 4}
      turns:
        - "a rocket stands on a launch pad in the desert"
        - "in the last second, zoom in"
      expect:
        - camera: {move: zoom-in, frames: "90-119"}
    - id: zoom-out
      turns:
        - "a rocket stands in the desert"
        - "zoom out"
      expect:
        - camera: {move: zoom-out}
    - id: shake
      turns:
        - "a rocket stands in the desert"
        - "add some camera shake"
      expect:
        - camera: {move: shake}
    - id: follow
      turns:
        - "a red car drives from left to right across a desert"
        - "follow the car with the camera"
      expect:
        - camera: {move: follow}
    - id: rocket-1
      turns: ["a rocket launches into the sky"]
      expect:
        - moves: {kind: rocket, direction: up}
    - id: rocket-2
      turns: ["a rocket takes off"]
      expect:
        - exists: {kind: rocket}
        - moves: {kind: rocket, direction: up}
    - id: plane-1
      turns: ["at sunset a white airplane crosses from right to left over the mountains"]
      expect:
        - exists: {kind: plane, color: white}
        - moves: {kind: plane, direction: right-to-left}
        - setting: mountains
        - time_of_day: sunset
    - id: plane-2
      turns: ["a white jet flying leftward above mountains, sunset"]
      expect:
        - exists: {kind: plane, color: white}
        - moves: {kind: plane, direction: right-to-left}
        - time_of_day: sunset
    - id: toward-1
      turns: ["on a beach, a man walks towards the camera"]
      expect:
        - exists: {kind: person}
        - moves: {kind: person, direction: toward-camera}
        - setting: beach
    - id: toward-2
      turns: ["a woman approaches the camera on the beach"]
      expect:
        - moves: {kind: person, direction: toward-camera}
    - id: away
      turns: ["a dog runs away from the camera in a meadow"]
      expect:
        - moves: {kind: dog, direction: away-from-camera}
    - id: noir-1
      turns:
        - "a person stands under a lamp on a city street at night"
        - "give everything a film noir look"
      expect:
        - style: noir
        - exists: {kind: lamp}
    - id: noir-2
      turns:
        - "a person stands under a street lamp in the city at night"
        - "black and white please"
      expect:
        - style: noir
    - id: pastel-1
      turns: ["in pastel colours, a cat chases a ball across a meadow"]
      expect:
        - style: pastel
        - exists: {kind: cat}
        - exists: {kind: ball}
    - id: pastel-2
      turns: ["a cat chasing a ball in a field, pastel style"]
      expect:
        - style: pastel
        - moves: {kind: cat, direction: left-to-right}
    - id: labels-1
      turns: ["a box labelled 'API' points an arrow at a database labelled 'Orders'"]
      expect:
        - exists: {kind: box, label: API}
        - exists: {kind: database, label: Orders}
        - exists: {kind: arrow}
    - id: labels-2
      turns: ["a box called API connects to a database called Orders"]
      expect:
        - exists: {kind: box, label: API}
        - exists: {kind: database, label: Orders}
        - exists: {kind: arrow}
    - id: birds-1
      turns: ["3 birds flying left to right over the sea"]
      expect:
        - count: {kind: bird, n: 3}
        - moves: {kind: bird, direction: left-to-right}
    - id: birds-2
      turns: ["over the ocean, three gulls fly from the left to the right"]
      expect:
        - count: {kind: bird, n: 3}
        - moves: {kind: bird, direction: left-to-right}
        - setting: ocean
    - id: add-1
      turns:
        - "a dog sits in a meadow"
        - "put a cat beside the dog"
      expect:
        - exists: {kind: dog}
        - exists: {kind: cat}
    - id: add-2
      turns:
        - "a dog sits in a meadow"
        - "now add a kitten"
      expect:
        - exists: {kind: cat}
        - count: {kind: dog, n: 1}
    - id: undo-1
      turns:
        - "a dog sits in a meadow"
        - "add a cat next to the dog"
        - "take that back"
      expect:
        - absent: {kind: cat}
        - revisions: 1
    - id: undo-2
      turns:
        - "a dog sits in a meadow"
        - "add a cat next to the dog"
        - "undo that please"
        - "redo"
      expect:
        - exists: {kind: cat}
        - revisions: 2
    - id: checkout
      turns:
        - "a dog sits in a meadow"
        - "add a cat next to the dog"
        - "go back to revision 1"
      expect:
        - absent: {kind: cat}
        - revisions: 1
    - id: upward-1
      turns:
        - "a glass sits on a table in a kitchen"
        - "the glass falls up towards the ceiling"
      expect:
        - reply: warning
        - moves: {kind: glass, direction: up}
    - id: upward-2
      turns:
        - "a ball in a studio"
        - "make the ball fall upwards"
      expect:
        - reply: warning
        - moves: {kind: ball, direction: up}
    - id: shatter-1
      turns: ["a glass drops off the table and smashes on the floor"]
      expect:
        - exists: {kind: glass}
        - falls: {kind: glass}
    - id: shatter-2
      turns: ["a bottle falls and breaks"]
      expect:
        - falls: {kind: bottle}
    - id: still-house
      turns: ["a cottage sits on a snowy plain at dusk"]
      expect:
        - moves: {kind: house, direction: stationary}
        - setting: snowfield
        - time_of_day: dusk
    - id: fog-1
      turns: ["dawn on the ocean, a boat in heavy fog"]
      expect:
        - weather: fog
        - time_of_day: dawn
    - id: fog-2
      turns: ["a misty ocean at sunrise with a boat"]
      expect:
        - weather: fog
        - time_of_day: dawn
        - exists: {kind: boat}
    - id: fish-1
      turns: ["under the sea an orange fish swims to the right"]
      expect:
        - exists: {kind: fish, color: orange}
        - setting: underwater
        - moves: {kind: fish, direction: left-to-right}
    - id: fish-2
      turns: ["an orange goldfish swimming from left to right under water"]
      expect:
        - setting: underwater
        - moves: {kind: fish, direction: left-to-right}
    - id: replace-1
      turns:
        - "a bus drives down a city street"
        - "swap the bus for a bike"
      expect:
        - absent: {kind: bus}
        - exists: {kind: bicycle}
    - id: replace-2
      turns:
        - "a bus drives down a city street"
        - "turn the bus into a bicycle"
      expect:
        - absent: {kind: bus}
        - exists: {kind: bicycle}
    - id: replace-3
      turns:
        - "a bus drives down a city street"
        - "use a bicycle instead of the bus"
      expect:
        - absent: {kind: bus}
        - exists: {kind: bicycle}
    - id: nonsense-1
      turns: ["blorp fnarg wizzle"]
      expect:
        - reply: error
        - revisions: 0
    - id: nonsense-2
      turns: ["!!! ??? ..."]
      expect:
        - reply: error
        - revisions: 0
    - id: empty-edit-1
      turns: ["paint the car blue"]
      expect:
        - reply: error
        - revisions: 0
    - id: empty-edit-2
      turns:
        - "a dog sits in a meadow"
        - "make the car blue"
      expect:
        - reply: error
        - reply_mentions: no car
        - revisions: 1
    - id: lipsync-1
      attach: [voice.wav]
      turns: ["a person speaking in an office, lip-sync to voice.wav"]
      expect:
        - follows_audio: {kind: person, property: mouth}
    - id: lipsync-2
      attach: [voice.wav]
      turns:
        - "a woman in an office"
        - "lip sync her to voice.wav"
      expect:
        - follows_audio: {kind: person, property: mouth}
    - id: missing-file
      turns:
        - "a person in an office"
        - "lip-sync the person to speech.wav"
      expect:
        - reply: error
        - reply_mentions: speech.wav
    - id: beat-1
      attach: [beat.wav]
      turns:
        - "a pink ball in a studio"
        - "the ball should pulse with beat.wav"
      expect:
        - follows_audio: {kind: ball, property: scale}
    - id: beat-2
      attach: [beat.wav]
      turns:
        - "a pink ball in a studio"
        - "make it throb to the rhythm of beat.wav"
      expect:
        - follows_audio: {kind: ball, property: scale}
    - id: scoped-recolor-1
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "paint the car green"
      select: {frames: "72-143"}
      expect:
        - unchanged: {frames: "0-60"}
        - changed: {frames: "72-143"}
    - id: scoped-recolor-2
      turns:
        - "a red car drives from left to right across a desert at noon"
        - "from 3s to 6s the car is green"
      expect:
        - unchanged: {frames: "0-60"}
        - changed: {frames: "72-143"}
    - id: faster-1
      turns:
        - "a truck drives from left to right on a city street"
        - "speed up the truck"
      expect:
        - moves: {kind: truck, direction: left-to-right}
        - reply: ok
    - id: faster-2
      turns:
        - "a truck drives from left to right on a city street"
        - "the truck should go twice as fast"
      expect:
        - moves: {kind: truck, direction: left-to-right}
        - reply: ok
        - reply_mentions: twice
    - id: moon-1
      turns: ["at night, the full moon rises above the mountains"]
      expect:
        - exists: {kind: moon}
        - moves: {kind: moon, direction: up}
        - time_of_day: night
    - id: moon-2
      turns: ["a moon rising over mountains at midnight"]
      expect:
        - moves: {kind: moon, direction: up}
        - time_of_day: night
    - id: neon-1
      turns: ["rainy city at night in neon"]
      expect:
        - style: neon
        - setting: city
        - weather: rain
    - id: storm-1
      turns: ["a small boat in a storm on the sea"]
      expect:
        - weather: storm
        - exists: {kind: boat}
    - id: storm-2
      turns: ["stormy ocean, a little boat"]
      expect:
        - weather: storm
        - setting: ocean
    - id: servers-1
      turns: ["blueprint style: two servers called A and B connect to a database"]
      expect:
        - count: {kind: server, n: 2}
        - exists: {kind: server, label: A}
        - exists: {kind: server, label: B}
        - exists: {kind: database}
        - style: blueprint
    - id: shots-1
      turns: ["a red car drives through the desert at noon. cut to the car parked by a house at sunset"]
      expect:
        - shots: 2
        - same_look: {kind: car}
        - exists: {kind: house}
    - id: shots-2
      turns:
        - "a red car drives across a desert at noon"
        - "then cut to the same car in front of a house at sunset"
      expect:
        - shots: 2
        - same_look: {kind: car}
    - id: extend-1
      turns:
        - "a blue ball rolls across a meadow"
        - "add 4 seconds"
      expect:
        - seconds: 10
        - unchanged: {frames: "0-100"}
    - id: extend-2
      turns:
        - "a blue ball rolls across a meadow"
        - "make it 10 seconds long"
      expect:
        - seconds: 10
    - id: trim-1
      turns:
        - "a blue ball rolls across a meadow"
        - "make it 2 seconds shorter"
      expect:
        - seconds: 4
    - id: trim-2
      turns:
        - "a blue ball rolls across a meadow"
        - "trim the clip to 3 seconds"
      expect:
        - seconds: 3
    - id: grade-1
      attach: [ref.png]
      turns:
        - "a house in a meadow at noon"
        - "match the colours of ref.png"
      expect:
        - looks_like: ref.png
    - id: grade-2
      attach: [ref.png]
      turns:
        - "a house in a meadow at noon"
        - "grade it like ref.png"
      expect:
        - looks_like: ref.png
        - exists: {kind: house}
    - id: backdrop-1
      attach: [ref.png]
      turns: ["use ref.png as the background and have a bird fly left to right"]
      expect:
        - background: ref.png
        - moves: {kind: bird, direction: left-to-right}
    - id: backdrop-2
      attach: [ref.png]
      turns:
        - "a bird flies from left to right"
        - "put ref.png behind it"
      expect:
        - background: ref.png
    - id: bigger-1
      turns:
        - "a pink ball in a studio"
        - "make the ball bigger"
      expect:
        - reply: ok
        - reply_mentions: bigger
    - id: bigger-2
      turns:
        - "a pink ball in a studio"
        - "twice as big please"
      expect:
        - reply: ok
    - id: other-ball
      turns:
        - "a red ball and a blue ball in a studio"
        - "make the red ball green and the other ball yellow"
      expect:
        - exists: {kind: ball, color: green}
        - exists: {kind: ball, color: yellow}
    - id: red-one
      turns:
        - "two balls, a red one and a blue one"
        - "remove the red one"
      expect:
        - count: {kind: ball, n: 1}
        - exists: {kind: ball, color: blue}
    - id: take
      turns:
        - "a dog sits in a meadow"
        - "another take"
      expect:
        - reply: ok
        - changed: {frames: "0-10"}
    - id: compound-sun
      turns: ["a crimson sports car speeds from the right side to the left side of a sandy desert under the midday sun"]
      expect:
        - exists: {kind: car, color: red, variant: sports}
        - absent: {kind: sun}
        - moves: {kind: car, direction: right-to-left}
        - time_of_day: noon
    - id: compound-forest
      turns: ["heavy snow falling over a pine forest early in the morning"]
      expect:
        - absent: {kind: tree}
        - setting: forest
        - weather: snow
        - time_of_day: morning
    - id: move-the-camera
      turns:
        - "a little sailboat drifts across the sea"
        - "move the camera slowly to the right"
      expect:
        - camera: {move: pan-right}
        - moves: {kind: boat, direction: left-to-right}
    - id: one-plane-some-mountains
      turns: ["one white airplane flying right-to-left over some mountains during sunset"]
      expect:
        - count: {kind: plane, n: 1}
        - absent: {kind: mountain}
        - setting: mountains
    - id: back-reference-in-sentence
      turns: ["a cat and a ball in a grassy meadow, drawn in pastel colours, the cat chases the ball"]
      expect:
        - count: {kind: cat, n: 1}
        - count: {kind: ball, n: 1}
        - moves: {kind: ball, direction: left-to-right}
        - style: pastel
    - id: arrow-with-box
      turns: ["a server box marked 'API' with an arrow pointing to a database marked 'Orders'"]
      expect:
        - exists: {kind: box, label: API}
        - exists: {kind: database, label: Orders}
        - count: {kind: arrow, n: 1}
    - id: toward-us
      turns: ["a man strolls towards us on the beach"]
      expect:
        - moves: {kind: person, direction: toward-camera}
        - setting: beach
    - id: lipsync-her
      attach: [voice.wav]
      turns:
        - "a woman and a dog in a park"
        - "make her lip sync to voice.wav"
      expect:
        - follows_audio: {kind: person, property: mouth}
    - id: bounce-to-beat
      attach: [beat.wav]
      turns:
        - "a dog in a park"
        - "the dog bounces to beat.wav"
      expect:
        - follows_audio: {kind: dog, property: height}
    - id: other-way
      turns:
        - "a red car and a blue truck drive from left to right"
        - "make the red one go the other way"
      expect:
        - moves: {kind: car, direction: right-to-left}
        - moves: {kind: truck, direction: left-to-right}
    - id: stop-moving
      turns:
        - "a blue truck drives from left to right"
        - "make the truck stop"
      expect:
        - moves: {kind: truck, direction: stationary}
    - id: noir-look
      turns:
        - "a dog in a park"
        - "give everything a film noir look"
      expect:
        - style: noir
    - id: cut-last-seconds
      turns:
        - "a ball in a studio"
        - "cut the last 2 seconds"
      expect:
        - seconds: 4
    - id: twice-as-long
      turns:
        - "a ball in a studio"
        - "make the video twice as long"
      expect:
        - seconds: 12
    - id: region-scope
      turns:
        - "a dog sits in a meadow"
        - "make it night on the left"
      expect:
        - reply: ok
        - reply_mentions: left
    """

    static let cases: [EvalCase] = (try? EvalCase.load(yaml)) ?? []
}

@Suite("Planner: other wordings of the public requests")
struct PlannerParaphraseTests {
    @Test("the paraphrase cases parse")
    func casesParse() throws {
        #expect(try EvalCase.load(Paraphrases.yaml).count >= 90)
    }

    @Test("facts hold for another wording", arguments: Paraphrases.cases)
    func paraphrase(_ c: EvalCase) throws {
        let failures = try Director.run(c, planner: lexiconPlanner)
        #expect(failures.isEmpty, "\(c.id): \(failures.joined(separator: "; "))")
    }
}
