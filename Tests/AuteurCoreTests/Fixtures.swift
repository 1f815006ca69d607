import AuteurCore
import Foundation

/// A small scene used across tests: a red car driving left to right across
/// a desert at noon, a tree, and the sun.
func desertProject(fps: Int = 24, seconds: Double = 6) throws -> Project {
    try Project(canvas: Canvas(width: 1280, height: 720, fps: fps), seconds: seconds, seed: 7).applying([
        .setting(SetSetting(setting: .desert)),
        .relight(Relight(timeOfDay: .preset(.noon))),
        .add(AddObject(id: "car", kind: .car, color: RGBColor(text: "red"),
                       path: [Keyframe(0, Point2(0.1, 0.8)), Keyframe(Int(seconds * Double(fps)) - 1, Point2(0.9, 0.8))])),
        .add(AddObject(id: "tree", kind: .tree, position: Point2(0.3, 0.8))),
        .add(AddObject(id: "sun", kind: .sun, position: Point2(0.8, 0.2), depth: 10)),
    ])
}

/// One op of every kind, each valid on `desertProject` with an image and audio attached.
let everyOp: [Op] = [
    .attach(Attach(hash: "img1", name: "ref.png", kind: .image)),
    .attach(Attach(hash: "aud1", name: "voice.wav", kind: .audio)),
    .add(AddObject(id: "ball", kind: .ball, variant: "beach", color: RGBColor(text: "yellow"), label: "Hi", size: 0.12, seed: 9,
                   position: Point2(0.5, 0.2), physics: PhysicsBody(restitution: 0.8))),
    .set(SetProperty(object: "car", property: .color, value: .color(RGBColor(text: "blue")!), scope: Scope(frames: FrameRange(10, 20)), transition: 2)),
    .set(SetProperty(object: "car", property: .label, value: .text("TAXI"))),
    .set(SetProperty(object: "tree", property: .position, value: .point(Point2(0.25, 0.8)))),
    .replace(Replace(object: "car", variant: "vintage-convertible")),
    .relight(Relight(timeOfDay: .clock(18.75), scope: Scope(frames: FrameRange(48, 95)), transition: 6)),
    .weather(SetWeather(weather: Weather(.rain, intensity: 0.4))),
    .restyle(Restyle(style: .noir, scope: Scope(region: Region(x: 0, y: 0, w: 0.5, h: 0.5)))),
    .setting(SetSetting(setting: .beach, scope: Scope(frames: FrameRange(100, 110)))),
    .camera(CameraMove(move: .zoomIn, frames: FrameRange(120, 143), amount: 2)),
    .camera(CameraMove(move: .shake, frames: FrameRange(30, 40), amount: 0.05)),
    .retime(Retime(object: "car", speed: 2)),
    .resize(Resize(object: "tree", factor: 1.5, scope: Scope(frames: FrameRange(0, 10)))),
    .extend(ShotLength(frames: 24)),
    .trim(ShotLength(frames: 12)),
    .addShot(AddShot(id: "night", frames: 48, setting: .city, timeOfDay: .preset(.night), objects: ["car"])),
    .bindAudio(BindAudio(object: "ball", media: "aud1", property: .scale, gain: 0.5)),
    .backdrop(SetBackdrop(media: "img1", shot: "night")),
    .grade(SetGrade(grade: ColorGrade(matrix: [1.1, 0, 0, 0, 1, 0, 0, 0, 0.9], offset: [0, 0.01, 0], strength: 0.8, reference: "img1"))),
    .reseed(Reseed(object: "tree")),
    .remove(RemoveObject(object: "sun", scope: Scope(frames: FrameRange(0, 5)))),
]
