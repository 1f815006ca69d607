import AuteurCore
import Foundation

/// Vehicles, drawn side-on facing right (+x), wheels on the bottom edge.
extension AssetPen {
    /// Wheels as three commands however many there are: tyres, rims, hubs.
    mutating func wheels(_ xs: [Float], y: Float, r: Float, whitewall: Bool = false, rim: Tint? = nil, wells: Bool = true) {
        if wells { mark(ovals(xs.map { ($0, y, r * 1.14, r * 1.14) }), hex(0x141416)) }
        part(ovals(xs.map { ($0, y, r, r) }), tyre, weight: .silhouette)
        if whitewall {
            mark(ovals(xs.map { ($0, y, r * 0.74, r * 0.74) }), hex(0xf4f4ee))
            mark(ovals(xs.map { ($0, y, r * 0.48, r * 0.48) }), rim ?? chrome)
        } else {
            mark(ovals(xs.map { ($0, y, r * 0.56, r * 0.56) }), rim ?? chrome)
            mark(ovals(xs.map { ($0, y, r * 0.16, r * 0.16) }), hex(0x54585e))
        }
    }

    // MARK: Car

    mutating func car() {
        switch variant {
        case "sports": sportsCar()
        case "vintage-convertible": vintageConvertible()
        case "hatchback": hatchback()
        case "taxi": sedan(taxi: true)
        default: sedan(taxi: false)
        }
    }

    private mutating func sedan(taxi: Bool) {
        let r = vary(0.17, 0.2), base = vary(0.62, 0.72)
        let roof = taxi ? vary(-0.36, -0.33) : vary(-0.44, -0.38)
        let rearRoof = vary(-0.46, -0.36), frontRoof = vary(0.1, 0.22)
        let rim = pick([chrome, chrome, hex(0x3a3c40), base * 0.9 + chrome * 0.1])
        let glassC = pick([glassTint, hex(0x7a96aa), hex(0xa0bccc)])
        let y = 0.5 - r
        let shell = rounded([(-1.07, 0.36, 0.06), (-1.09, 0.02, 0.08), (-0.7, -0.06, 0.06), (rearRoof, roof, 0.1),
                            (frontRoof, roof - 0.01, 0.1), (0.47, -0.06, 0.06), (1.03, 0.0, 0.1), (1.09, 0.3, 0.06), (1.05, 0.37, 0)])
        mark(ovals([(-base, y, r * 1.14, r * 1.14), (base, y, r * 1.14, r * 1.14)]), hex(0x141416))
        body(shell)
        let inset: Float = 0.05
        shaded(polys([[(-0.62, -0.08), (rearRoof + 0.07, roof + inset), (-0.1, roof + inset), (-0.1, -0.08)],
                       [(-0.04, -0.08), (-0.04, roof + inset), (frontRoof, roof + inset), (0.38, -0.08)]]), glassC, weight: .detail)
        ink(lines([[(-0.07, -0.06), (-0.07, 0.3)], [(0.42, -0.04), (0.44, 0.28)], [(-0.68, -0.04), (-0.66, 0.3)]]),
            width: 0.012, tone(0.55))
        mark(boxes([(-0.32, 0.0, -0.22, 0.025), (0.16, 0.0, 0.26, 0.025)], round: 0.01), chrome)
        mark(boxes([(-1.11, 0.22, -0.92, 0.33), (0.94, 0.22, 1.11, 0.33)], round: 0.04), hex(0x2c2e32))
        glow(oval(1.05, 0.08, 0.04, 0.05), headlight)
        glow(box(-1.1, 0.04, -1.06, 0.14, round: 0.015), tailLight)
        if taxi {
            // A checker band and the lit roof sign are what make a taxi.
            var checks: [(Float, Float, Float, Float)] = []
            let w: Float = 0.06
            var x: Float = -0.86
            var i = 0
            while x + w < 0.9 {
                let row: Float = i % 2 == 0 ? 0.08 : 0.14
                checks.append((x, row, x + w, row + 0.06))
                x += w; i += 1
            }
            mark(boxes(checks), hex(0x161616))
            let signL = (rearRoof + frontRoof) / 2 - 0.16, signR = signL + 0.32
            part(box(signL, roof - 0.13, signR, roof + 0.005, round: 0.03), hex(0xf6c619), weight: .silhouette)
            text("TAXI", center: Point((signL + signR) / 2, roof - 0.06), maxWidth: 0.26, maxSize: 0.1, hex(0x1a1a1a))
        }
        wheels([-base, base], y: y, r: r, rim: rim, wells: false)
    }

    private mutating func sportsCar() {
        let r = vary(0.19, 0.22), base = vary(0.66, 0.74)
        let roof = vary(-0.24, -0.18), nose = vary(0.02, 0.1)
        let y = 0.5 - r
        let shell = rounded([(-1.08, 0.36, 0.05), (-1.1, 0.02, 0.06), (-0.72, -0.04, 0.12), (-0.32, roof, 0.16),
                            (0.02, roof - 0.01, 0.14), (0.55, -0.02, 0.12), (1.1, nose, 0.08), (1.1, 0.28, 0.05), (1.06, 0.37, 0)])
        mark(ovals([(-base, y, r * 1.12, r * 1.12), (base, y, r * 1.12, r * 1.12)]), hex(0x141416))
        body(shell)
        shaded(poly([(-0.56, -0.05), (-0.3, roof + 0.045), (0.0, roof + 0.04), (0.4, -0.03)]), darkGlass, weight: .detail)
        // A racing stripe in a contrasting tone, and the side intake.
        let stripe = pick([hex(0xf4f4f0), hex(0x141414), tone(0.6)])
        mark(poly([(-1.04, 0.12), (1.06, 0.13), (1.06, 0.17), (-1.04, 0.17)]), stripe)
        mark(poly([(-0.42, 0.02), (-0.18, 0.02), (-0.24, 0.1), (-0.4, 0.1)]), hex(0x18181a))
        ink(lines([[(-1.0, -0.03), (-0.96, -0.16)], [(-0.86, -0.02), (-0.84, -0.16)]]), width: 0.025, tone(0.5))
        body(box(-1.12, -0.2, -0.78, -0.15, round: 0.02), tone: 0.8, weight: .detail)
        glow(poly([(0.96, 0.04), (1.09, 0.07), (1.08, 0.1), (0.95, 0.08)]), headlight)
        glow(box(-1.11, 0.04, -1.07, 0.12, round: 0.015), tailLight)
        wheels([-base, base], y: y, r: r, rim: pick([hex(0x2a2a2e), hex(0xc8a040), chrome]), wells: false)
    }

    private mutating func hatchback() {
        let r = vary(0.16, 0.18), base = vary(0.58, 0.64)
        let roof = vary(-0.46, -0.42), front = vary(0.05, 0.15)
        let y = 0.5 - r
        let shell = rounded([(-0.98, 0.36, 0.06), (-1.0, -0.04, 0.06), (-0.93, roof + 0.02, 0.12), (front, roof, 0.12),
                            (0.45, -0.06, 0.08), (0.98, 0.02, 0.12), (1.02, 0.3, 0.06), (0.98, 0.37, 0)])
        mark(ovals([(-base, y, r * 1.14, r * 1.14), (base, y, r * 1.14, r * 1.14)]), hex(0x141416))
        body(shell)
        let top = roof + 0.06
        shaded(polys([[(-0.9, -0.08), (-0.86, top), (-0.62, top), (-0.62, -0.08)],
                      [(-0.56, -0.08), (-0.56, top), (-0.1, top), (-0.1, -0.08)],
                      [(-0.04, -0.08), (-0.04, top), (front, top), (0.37, -0.08)]]), pick([glassTint, hex(0x7890a4)]), weight: .detail)
        ink(lines([[(-0.07, -0.06), (-0.07, 0.3)], [(0.42, -0.04), (0.43, 0.28)]]), width: 0.012, tone(0.55))
        mark(boxes([(-1.02, 0.22, -0.9, 0.33), (0.9, 0.2, 1.04, 0.32)], round: 0.04), hex(0x2c2e32))
        glow(oval(0.97, 0.09, 0.05, 0.045), headlight)
        glow(box(-1.01, -0.02, -0.97, 0.12, round: 0.015), tailLight)
        wheels([-base, base], y: y, r: r, rim: pick([chrome, hex(0x404348)]), wells: false)
    }

    private mutating func vintageConvertible() {
        let r = vary(0.2, 0.23), base = vary(0.68, 0.76)
        let y = 0.5 - r
        let seat = pick([hex(0x7a2a20), hex(0xe8dcc0), hex(0x3a2a20)])
        // The open cockpit: seat backs showing above a low tub.
        part(box(-0.62, -0.34, -0.3, -0.02, round: 0.07), seat, weight: .detail)
        part(box(-0.16, -0.3, 0.06, -0.02, round: 0.06), seat, weight: .detail)
        // Tub, long hood and separate rounded fenders.
        let tub = rounded([(-1.02, 0.24, 0.08), (-1.02, -0.02, 0.14), (-0.86, -0.08, 0.04), (0.2, -0.08, 0.02),
                           (0.98, -0.02, 0.08), (1.0, 0.2, 0.05), (-0.95, 0.28, 0)])
        body(tub)
        body(ovals([(-base, y - 0.02, r * 1.55, r * 1.3), (base, y - 0.02, r * 1.55, r * 1.3)]), tone: 0.92)
        // Running board between the fenders.
        part(box(-base + r * 0.9, 0.26, base - r * 0.9, 0.32, round: 0.02), hex(0x26262a), weight: .detail)
        // Chrome: windshield frame, grille, bumpers, headlamp.
        part(poly([(0.2, -0.08), (0.12, -0.42), (0.17, -0.42), (0.25, -0.08)]), glassTint * 0.9 + Tint(0.1, 0.1, 0.1), alpha: 0.6, weight: .detail)
        ink(poly([(0.2, -0.08), (0.12, -0.42), (0.17, -0.42), (0.25, -0.08)], closed: false), width: 0.018, chrome)
        part(box(0.96, -0.12, 1.06, 0.22, round: 0.03), chrome, weight: .detail)
        ink(lines([[(0.99, -0.08), (0.99, 0.18)], [(1.03, -0.08), (1.03, 0.18)]]), width: 0.008, hex(0x60646a))
        mark(boxes([(-1.1, 0.18, -0.96, 0.24), (0.98, 0.2, 1.1, 0.26)], round: 0.02), chrome)
        mark(oval(base + 0.08, y - r * 1.25, 0.06, 0.055), chrome)
        glow(oval(base + 0.11, y - r * 1.25, 0.035, 0.04), headlight)
        ink(curve([(-0.86, -0.06), (-0.2, -0.05), (0.2, -0.07)]), width: 0.012, chrome)
        wheels([-base, base], y: y, r: r, whitewall: true, wells: false)
    }

    // MARK: Truck

    mutating func truck() {
        switch variant {
        case "lorry": lorry()
        case "fire-truck": fireTruck()
        default: pickup()
        }
    }

    private mutating func pickup() {
        let r = vary(0.2, 0.23), base = vary(0.7, 0.78)
        let roof = vary(-0.48, -0.42)
        let y = 0.5 - r
        mark(ovals([(-base, y, r * 1.14, r * 1.14), (base, y, r * 1.14, r * 1.14)]), hex(0x141416))
        body(rounded([(-1.18, 0.34, 0.04), (-1.19, -0.1, 0.03), (-0.08, -0.1, 0.02), (0.0, roof, 0.08), (0.5, roof, 0.08),
                      (0.74, -0.08, 0.05), (1.14, -0.04, 0.08), (1.2, 0.3, 0.05), (1.16, 0.36, 0)]))
        // The open bed: its far wall seen over the near one.
        mark(box(-1.13, -0.1, -0.1, -0.05), tone(0.45))
        shaded(poly([(0.08, -0.1), (0.08, roof + 0.06), (0.46, roof + 0.06), (0.64, -0.1)]), glassTint, weight: .detail)
        ink(lines([[(-0.06, -0.08), (-0.06, 0.3)], [(0.68, -0.06), (0.7, 0.28)]]), width: 0.012, tone(0.55))
        part(box(1.1, -0.02, 1.21, 0.2, round: 0.03), chrome, weight: .detail)
        mark(boxes([(-1.22, 0.24, -1.06, 0.33), (1.04, 0.24, 1.22, 0.33)], round: 0.03), hex(0x2c2e32))
        glow(oval(1.13, 0.04, 0.03, 0.04), headlight)
        glow(box(-1.21, -0.06, -1.17, 0.08, round: 0.015), tailLight)
        wheels([-base, base], y: y, r: r, rim: pick([chrome, hex(0x3a3c40)]), wells: false)
    }

    private mutating func lorry() {
        let r = vary(0.15, 0.17)
        let y = 0.5 - r
        let boxTop = vary(-0.5, -0.44)
        let cargo = base * pick([Float(1.0), 0.9, 1.08])
        shaded(box(-1.2, boxTop, 0.36, 0.22, round: 0.03), cargo)
        ink(lines([[(-0.82, boxTop + 0.04), (-0.82, 0.18)], [(-0.42, boxTop + 0.04), (-0.42, 0.18)], [(-0.02, boxTop + 0.04), (-0.02, 0.18)]]),
            width: 0.01, cargo * 0.7)
        mark(box(-1.18, 0.22, 0.5, 0.3), hex(0x28282c))
        body(rounded([(0.44, 0.34, 0.02), (0.44, -0.38, 0.04), (0.86, -0.4, 0.06), (1.14, -0.1, 0.06), (1.2, 0.3, 0.04), (1.16, 0.36, 0)]))
        shaded(poly([(0.58, -0.32), (0.84, -0.33), (1.06, -0.1), (0.58, -0.1)]), glassTint, weight: .detail)
        ink(lines([[(0.54, -0.06), (0.54, 0.28)]]), width: 0.012, tone(0.55))
        mark(box(1.08, 0.2, 1.22, 0.3, round: 0.03), hex(0x2c2e32))
        glow(oval(1.16, 0.1, 0.03, 0.04), headlight)
        if let t = labelText {
            text(t, center: Point(-0.42, (boxTop + 0.22) / 2), maxWidth: 1.3, maxSize: 0.26, contrast(on: cargo))
        }
        wheels([-0.95, -0.6, 0.84], y: y, r: r, rim: chrome)
    }

    private mutating func fireTruck() {
        let r = vary(0.16, 0.18)
        let y = 0.5 - r
        body(rounded([(-1.2, 0.34, 0.04), (-1.2, -0.22, 0.04), (0.36, -0.22, 0.02), (0.42, -0.44, 0.04), (0.9, -0.44, 0.06),
                      (1.14, -0.12, 0.06), (1.2, 0.3, 0.04), (1.16, 0.36, 0)]))
        // Locker doors, a white band, the ladder and the light bar.
        ink(lines([[(-0.8, -0.18), (-0.8, 0.14)], [(-0.4, -0.18), (-0.4, 0.14)], [(0.0, -0.18), (0.0, 0.14)]]), width: 0.012, tone(0.55))
        mark(box(-1.18, 0.14, 1.18, 0.2), hex(0xf2f2ea))
        shaded(poly([(0.5, -0.38), (0.86, -0.38), (1.06, -0.12), (0.5, -0.12)]), glassTint, weight: .detail)
        var rungs: [[XY]] = [[(-1.1, -0.3), (0.3, -0.3)], [(-1.1, -0.38), (0.3, -0.38)]]
        let n = Int(vary(8, 12))
        for i in 0...n {
            let x = -1.1 + 1.4 * Float(i) / Float(n)
            rungs.append([(x, -0.38), (x, -0.3)])
        }
        ink(lines(rungs), width: 0.018, chrome)
        ink(lines([[(-1.0, -0.3), (-1.0, -0.22)], [(0.2, -0.3), (0.2, -0.22)]]), width: 0.03, hex(0x4a4c50))
        glow(box(0.52, -0.5, 0.66, -0.44, round: 0.02), hex(0xff3020))
        glow(box(0.68, -0.5, 0.82, -0.44, round: 0.02), hex(0x3060ff))
        part(box(1.1, 0.0, 1.22, 0.2, round: 0.03), chrome, weight: .detail)
        glow(oval(1.16, -0.04, 0.03, 0.04), headlight)
        wheels([-0.9, -0.52, 0.82], y: y, r: r, rim: chrome)
    }

    // MARK: Bus

    mutating func bus() {
        switch variant {
        case "school": schoolBus()
        case "double-decker": doubleDecker()
        default: cityBus()
        }
    }

    private mutating func windowRow(from l: Float, to r: Float, top: Float, bottom: Float, count: Int, gap: Float) -> Path? {
        let w = (r - l - gap * Float(count - 1)) / Float(count)
        return boxes((0..<count).map { i in
            let x = l + Float(i) * (w + gap)
            return (x, top, x + w, bottom)
        }, round: 0.025)
    }

    private mutating func cityBus() {
        let r = vary(0.15, 0.17)
        let y = 0.5 - r
        let count = Int(vary(5, 8))
        body(box(-1.38, -0.46, 1.38, 0.36, round: 0.1))
        let stripe = pick([hex(0xf2f2ea), tone(0.6), hex(0x2a2a2e)])
        mark(box(-1.36, 0.2, 1.36, 0.26), stripe)
        shaded(windowRow(from: -1.28, to: 0.86, top: -0.36, bottom: -0.04, count: count, gap: 0.05), darkGlass, weight: .detail)
        shaded(box(1.0, -0.36, 1.36, -0.04, round: 0.06), darkGlass, weight: .detail)
        // Door: two glass leaves.
        shaded(boxes([(0.9, -0.3, 0.975, 0.3), (0.985, -0.3, 1.06, 0.3)], round: 0.015), glassTint, weight: .detail)
        mark(box(0.7, -0.44, 1.28, -0.38, round: 0.015), hex(0x1a1a1a))
        glow(box(0.74, -0.43, 1.1, -0.39), hex(0xffb020))
        glow(oval(1.33, 0.12, 0.03, 0.035), headlight)
        wheels([-0.88, 0.68], y: y, r: r, rim: chrome)
    }

    private mutating func schoolBus() {
        let r = vary(0.15, 0.17)
        let y = 0.5 - r
        let count = Int(vary(6, 9))
        body(rounded([(-1.38, 0.36, 0.06), (-1.38, -0.44, 0.1), (0.96, -0.44, 0.08), (1.0, -0.06, 0.04), (1.36, -0.02, 0.08),
                      (1.38, 0.34, 0.05), (1.34, 0.36, 0)]))
        shaded(windowRow(from: -1.28, to: 0.6, top: -0.34, bottom: -0.1, count: count, gap: 0.06), glassTint, weight: .detail)
        shaded(box(0.68, -0.34, 0.92, 0.28, round: 0.02), glassTint, weight: .detail)
        // Black rub rails: the school bus's unmistakable side.
        mark(boxes([(-1.36, -0.03, 0.64, 0.0), (-1.36, 0.1, 0.64, 0.13), (-1.36, 0.22, 1.36, 0.25)]), hex(0x161616))
        mark(rounded((0..<8).map { i in
            let a = Float(i) * .pi / 4 + .pi / 8
            return (0.86 + 0.07 * cos(a), 0.06 + 0.07 * sin(a), 0)
        }), hex(0xc41818))
        part(box(1.3, -0.0, 1.4, 0.26, round: 0.02), hex(0x2a2a2e), weight: .detail)
        glow(oval(1.32, 0.06, 0.03, 0.035), headlight)
        glow(boxes([(-1.32, -0.43, -1.24, -0.39), (0.88, -0.43, 0.94, -0.39)], round: 0.015), hex(0xff5020))
        wheels([-0.88, 0.98], y: y, r: r, rim: hex(0x2a2a2e))
    }

    private mutating func doubleDecker() {
        let r = vary(0.13, 0.15)
        let y = 0.5 - r
        let count = Int(vary(4, 6))
        body(box(-1.2, -0.5, 1.22, 0.38, round: 0.12))
        shaded(windowRow(from: -1.1, to: 1.14, top: -0.42, bottom: -0.2, count: count, gap: 0.05), darkGlass, weight: .detail)
        shaded(windowRow(from: -1.1, to: 0.78, top: -0.06, bottom: 0.14, count: count - 1, gap: 0.05), darkGlass, weight: .detail)
        shaded(box(0.86, -0.08, 1.16, 0.3, round: 0.03), glassTint, weight: .detail)
        mark(box(-1.18, -0.15, 1.2, -0.11), pick([hex(0xf2f2ea), tone(0.6), hex(0xd8b040)]))
        glow(oval(1.18, 0.3, 0.03, 0.03), headlight)
        wheels([-0.8, 0.64], y: y, r: r, rim: chrome)
    }

    // MARK: Bicycle

    mutating func bicycle() {
        let city = variant == "city"
        let wr: Float = city ? vary(0.28, 0.31) : vary(0.3, 0.33)
        let wy = 0.5 - wr
        let rear = Point(-0.5, wy), front = Point(0.52, wy)
        let bb = Point(-0.04, wy + 0.02)
        let seatTop = Point(-0.2, vary(-0.24, -0.18)), headTop = Point(0.3, -0.22), headBottom = Point(0.34, -0.08)
        let tyreW: Float = city ? 0.055 : 0.035
        // Spokes first, tyres over them.
        var spokes: [[XY]] = []
        for c in [rear, front] {
            for i in 0..<8 {
                let a = Float(i) * .pi / 8
                let dx: Float = wr * 0.9 * cos(a), dy: Float = wr * 0.9 * sin(a)
                spokes.append([(c.x + dx, c.y + dy), (c.x - dx, c.y - dy)])
            }
        }
        ink(lines(spokes), width: 0.008, hex(0xa0a4aa))
        ink(ovals([(rear.x, rear.y, wr, wr), (front.x, front.y, wr, wr)]), width: tyreW, tyre)
        if city {
            ink(curve(arc(rear.x, rear.y, wr + 0.05, from: .pi * 1.05, to: .pi * 1.75, steps: 6)), width: 0.03, tone(0.9))
            ink(curve(arc(front.x, front.y, wr + 0.05, from: .pi * 1.25, to: .pi * 1.95, steps: 6)), width: 0.03, tone(0.9))
        }
        let frameW: Float = 0.06
        var tubes: [[XY]]
        if city {
            tubes = [[(bb.x, bb.y), (seatTop.x, seatTop.y)], [(bb.x, bb.y), (rear.x, rear.y)], [(seatTop.x + 0.02, seatTop.y + 0.1), (rear.x, rear.y)],
                     [(headBottom.x, headBottom.y), (headTop.x, headTop.y)], [(headBottom.x, headBottom.y), (front.x, front.y)]]
            ink(curve([(headBottom.x, headBottom.y + 0.02), (0.12, 0.12), (bb.x + 0.04, bb.y)]), width: frameW, tone(1), weight: .silhouette)
        } else {
            tubes = [[(bb.x, bb.y), (seatTop.x, seatTop.y)], [(seatTop.x + 0.01, seatTop.y + 0.03), (headTop.x, headTop.y + 0.04)],
                     [(bb.x, bb.y), (headBottom.x, headBottom.y)], [(bb.x, bb.y), (rear.x, rear.y)],
                     [(seatTop.x + 0.01, seatTop.y + 0.04), (rear.x, rear.y)], [(headBottom.x, headBottom.y), (front.x, front.y)],
                     [(headTop.x, headTop.y), (headBottom.x, headBottom.y)]]
        }
        ink(lines(tubes), width: frameW, tone(1), weight: .silhouette)
        if city {
            body(oval(-0.22, bb.y - 0.01, 0.2, 0.05), tone: 0.9, weight: .detail)
        }
        // Crank and chainring.
        ink(circle(bb.x, bb.y, 0.08), width: 0.02, chrome)
        ink(lines([[(bb.x - 0.05, bb.y - 0.1), (bb.x + 0.05, bb.y + 0.1)]]), width: 0.025, hex(0x3a3c40))
        // Seat post, saddle and handlebars.
        ink(lines([[(seatTop.x, seatTop.y), (seatTop.x - 0.02, seatTop.y - 0.06)]]), width: 0.03, chrome)
        part(rounded([(seatTop.x - 0.14, seatTop.y - 0.1, 0.03), (seatTop.x + 0.08, seatTop.y - 0.07, 0.02),
                      (seatTop.x + 0.02, seatTop.y - 0.03, 0.02), (seatTop.x - 0.12, seatTop.y - 0.05, 0.02)]), hex(0x222226), weight: .detail)
        if city {
            ink(curve([(headTop.x, headTop.y), (headTop.x - 0.02, headTop.y - 0.12), (headTop.x - 0.14, headTop.y - 0.14)]), width: 0.03, chrome)
            // The front basket.
            part(box(front.x - 0.02, -0.2, front.x + 0.22, -0.02, round: 0.02), hex(0xa87a42), weight: .detail)
            ink(lines([[(front.x + 0.06, -0.2), (front.x + 0.06, -0.02)], [(front.x + 0.14, -0.2), (front.x + 0.14, -0.02)],
                       [(front.x - 0.02, -0.11), (front.x + 0.22, -0.11)]]), width: 0.01, hex(0x6a4a22))
        } else {
            ink(curve([(headTop.x, headTop.y), (headTop.x + 0.1, headTop.y - 0.02), (headTop.x + 0.14, headTop.y + 0.06), (headTop.x + 0.06, headTop.y + 0.1)]),
                width: 0.03, hex(0x2a2a2e))
        }
    }

    // MARK: Boat

    mutating func boat() {
        switch variant {
        case "motorboat": motorboat()
        case "rowboat": rowboat()
        default: sailboat()
        }
    }

    private mutating func sailboat() {
        let mastX = vary(-0.12, 0.0), mastTop: Float = -0.5
        let boom = vary(0.08, 0.14)
        ink(lines([[(mastX, mastTop), (mastX, 0.22)]]), width: 0.025, hex(0x6a5a48))
        body(blob([(mastX - 0.03, mastTop + 0.04), (mastX - 0.03, boom), (-0.82, boom), (-0.42, -0.12)], tension: 0.25), weight: .silhouette)
        part(poly([(mastX + 0.03, mastTop + 0.08), (0.78, boom + 0.02), (mastX + 0.03, boom + 0.02)]), hex(0xf6f4ec), weight: .silhouette)
        ink(lines([[(mastX, boom + 0.01), (-0.84, boom + 0.01)]]), width: 0.02, hex(0x6a5a48))
        body(rounded([(-0.92, 0.2, 0.04), (0.98, 0.18, 0.04), (0.62, 0.46, 0.1), (-0.72, 0.46, 0.12)]), tone: 0.95)
        mark(poly([(-0.9, 0.24), (0.93, 0.22), (0.9, 0.26), (-0.88, 0.28)]), pick([hex(0xf2f2ea), hex(0x1e1e22), tone(0.55)]))
        glow(oval(mastX, mastTop + 0.01, 0.02, 0.02), hex(0xff4040))
    }

    private mutating func motorboat() {
        let bow = vary(-0.14, -0.04)
        body(rounded([(-0.96, -0.02, 0.03), (0.98, bow, 0.02), (0.6, 0.36, 0.2), (-0.9, 0.36, 0.04)]))
        mark(poly([(-0.94, 0.14), (0.76, 0.1), (0.66, 0.18), (-0.92, 0.22)]), pick([hex(0xf2f2ea), tone(0.55), hex(0x1e1e22)]))
        // Cabin, windshield and the outboard motor at the stern.
        part(rounded([(-0.5, -0.02, 0.02), (-0.42, -0.26, 0.06), (0.12, -0.28, 0.06), (0.36, -0.02, 0.02)]), hex(0xf4f4f0), weight: .detail)
        shaded(poly([(-0.36, -0.08), (-0.32, -0.22), (0.08, -0.23), (0.26, -0.08)]), darkGlass, weight: .detail)
        part(rounded([(-1.08, -0.2, 0.05), (-0.9, -0.2, 0.05), (-0.9, 0.3, 0.02), (-1.02, 0.3, 0.02), (-1.06, 0.0, 0.02)]), hex(0x2a2a2e), weight: .detail)
        ink(lines([[(-0.98, 0.3), (-0.98, 0.44)]]), width: 0.03, hex(0x3a3c40))
        ink(lines([[(-0.3, 0.44), (0.5, 0.44)]]), width: 0.015, hex(0xffffff), alpha: 0.6)
    }

    private mutating func rowboat() {
        let sheer = vary(-0.02, 0.06)
        // Inside of the hull, seen over the near gunwale.
        part(blob([(-0.9, sheer - 0.1), (0.0, sheer + 0.02), (0.92, sheer - 0.14), (0.0, sheer + 0.12)], tension: 0.8), tone(0.55), weight: nil)
        ink(lines([[(-0.98, -0.36), (0.2, 0.3)], [(0.98, -0.36), (-0.2, 0.3)]]), width: 0.03, wood)
        part(ovals([(-0.95, -0.4, 0.07, 0.04), (0.95, -0.4, 0.07, 0.04)]), wood, weight: .detail)
        body(blob([(-0.94, sheer - 0.12), (-0.4, sheer + 0.06), (0.4, sheer + 0.06), (0.96, sheer - 0.16), (0.7, 0.36), (0.0, 0.46), (-0.7, 0.38)], tension: 0.9))
        ink(curve([(-0.94, sheer - 0.1), (-0.4, sheer + 0.08), (0.4, sheer + 0.08), (0.96, sheer - 0.14)]), width: 0.035, tone(0.6))
        ink(curve([(-0.7, 0.22), (0.0, 0.3), (0.7, 0.2)]), width: 0.012, tone(0.7))
    }

    // MARK: Plane

    mutating func plane() {
        switch variant {
        case "propeller": propellerPlane()
        case "jet": jet()
        default: airliner()
        }
    }

    private mutating func airliner() {
        let livery = pick([tone(0.6), hex(0xf2f2ea), hex(0x1e3a6a), hex(0xc8a040)])
        let finH = vary(-0.5, -0.42)
        // Far wing and stabiliser behind the fuselage.
        part(poly([(-0.1, 0.02), (-0.42, -0.28), (-0.52, -0.28), (-0.3, 0.02)]), tone(0.7), weight: .detail)
        body(rounded([(-1.0, -0.14, 0.02), (-1.18, finH, 0.04), (-1.0, finH, 0.04), (-0.72, -0.14, 0.0)]), tone: 1, weight: .silhouette)
        body(rounded([(-1.2, -0.08, 0.04), (0.9, -0.14, 0.0), (1.18, -0.06, 0.08), (1.22, 0.04, 0.06), (1.0, 0.14, 0.04), (-0.8, 0.14, 0.1)]))
        mark(poly([(-1.18, -0.02), (1.14, 0.02), (1.02, 0.12), (-0.8, 0.12)]), livery)
        var windows: [(Float, Float, Float, Float)] = []
        var x: Float = -0.7
        while x < 0.86 { windows.append((x, -0.06, 0.018, 0.026)); x += 0.09 }
        mark(ovals(windows), hex(0x1a2230))
        mark(poly([(1.0, -0.09), (1.1, -0.08), (1.13, -0.03), (1.02, -0.03)]), hex(0x1a2230))
        // Near wing, swept back and down, with its engine.
        body(poly([(0.2, 0.06), (-0.32, 0.48), (-0.5, 0.48), (-0.1, 0.06)]), tone: 0.85, weight: .detail)
        part(box(-0.04, 0.16, 0.3, 0.28, round: 0.06), chrome, weight: .detail)
        mark(oval(0.3, 0.22, 0.02, 0.055), hex(0x2a2a2e))
        body(poly([(-0.9, 0.02), (-1.16, 0.18), (-1.22, 0.18), (-1.06, 0.02)]), tone: 0.85, weight: .detail)
    }

    private mutating func propellerPlane() {
        let wingY = vary(-0.3, -0.24)
        ink(lines([[(0.0, 0.14), (-0.06, 0.38)], [(0.18, 0.14), (0.24, 0.38)]]), width: 0.025, hex(0x3a3c40))
        part(ovals([(-0.06, 0.4, 0.07, 0.07), (0.24, 0.4, 0.07, 0.07)]), tyre, weight: .silhouette)
        body(rounded([(-1.1, -0.36, 0.04), (-0.96, -0.36, 0.02), (-0.78, -0.06, 0.0), (-0.9, 0.06, 0.0), (-1.12, -0.02, 0.04)]))
        body(rounded([(-1.16, -0.04, 0.04), (-0.3, -0.14, 0.06), (0.2, -0.2, 0.1), (0.74, -0.12, 0.1), (0.82, 0.0, 0.05),
                      (0.74, 0.14, 0.08), (0.0, 0.18, 0.1), (-0.9, 0.06, 0.06)]))
        shaded(poly([(0.06, -0.17), (0.36, -0.19), (0.5, -0.08), (0.06, -0.08)]), glassTint, weight: .detail)
        body(box(-0.3, wingY - 0.05, 0.5, wingY + 0.04, round: 0.04), tone: 0.85, weight: .detail)
        ink(lines([[(0.0, wingY + 0.02), (0.1, -0.14)], [(0.36, wingY + 0.02), (0.3, -0.16)]]), width: 0.015, hex(0x3a3c40))
        mark(poly([(-0.9, 0.0), (0.7, -0.06), (0.7, -0.02), (-0.9, 0.04)]), pick([hex(0xf2f2ea), tone(0.55), hex(0x1e1e22)]))
        body(poly([(-0.94, 0.0), (-1.12, 0.1), (-1.16, 0.08), (-1.02, -0.02)]), tone: 0.85, weight: .detail)
        // Spinning propeller: a pale disc and the spinner.
        part(oval(0.88, -0.01, 0.03, 0.34), hex(0xd8dce2), alpha: 0.45, weight: nil)
        part(oval(0.84, -0.01, 0.07, 0.07), hex(0x3a3c40), weight: .detail)
    }

    private mutating func jet() {
        let finTop = vary(-0.5, -0.4)
        body(poly([(-0.96, -0.08), (-1.14, finTop), (-0.98, finTop), (-0.64, -0.08)]), tone: 0.9, weight: .silhouette)
        body(rounded([(-1.1, -0.1, 0.02), (0.5, -0.14, 0.1), (1.24, 0.02, 0.0), (0.5, 0.12, 0.06), (-1.1, 0.1, 0.02)]))
        shaded(blob([(0.22, -0.12), (0.42, -0.26), (0.7, -0.1), (0.42, -0.08)], tension: 0.8), pick([hex(0xc8a040), darkGlass, glassTint]), weight: .detail)
        body(poly([(0.2, 0.06), (-0.62, 0.46), (-0.82, 0.46), (-0.7, 0.06)]), tone: 0.8, weight: .detail)
        part(box(-1.18, -0.08, -1.08, 0.08, round: 0.02), hex(0x3a3c40), weight: .detail)
        if chance(0.5) { glow(poly([(-1.18, -0.06), (-1.24, 0.0), (-1.18, 0.06)]), hex(0xff9a30)) }
        mark(poly([(-0.6, 0.02), (0.4, 0.0), (0.4, 0.03), (-0.6, 0.05)]), pick([hex(0xf2f2ea), hex(0x1e1e22), tone(0.55)]))
    }

    // MARK: Rocket

    mutating func rocket() {
        if variant == "shuttle" { shuttle(); return }
        let w = vary(0.11, 0.14), shoulder = vary(-0.26, -0.16)
        let trim = pick([hex(0xf2f2ea), hex(0xc82020), tone(0.6), hex(0x3a3c40)])
        body(poly([(-0.12, 0.12), (-0.26, 0.42), (-0.24, 0.46), (-0.1, 0.38)]), tone: 0.75, weight: .silhouette)
        body(poly([(0.12, 0.12), (0.26, 0.42), (0.24, 0.46), (0.1, 0.38)]), tone: 0.75, weight: .silhouette)
        part(poly([(-0.08, 0.38), (0.08, 0.38), (0.1, 0.47), (-0.1, 0.47)]), hex(0x3a3c40), weight: .detail)
        body(blob([(0.0, -0.5), (w * 0.85, shoulder), (w, 0.1), (w * 0.85, 0.4), (-w * 0.85, 0.4), (-w, 0.1), (-w * 0.85, shoulder)], tension: 0.9))
        part(blob([(0.0, -0.5), (w * 0.5, -0.36), (w * 0.66, -0.3), (-w * 0.66, -0.3), (-w * 0.5, -0.36)], tension: 0.8), trim, weight: .detail)
        mark(box(-w, 0.2, w, 0.25), trim)
        part(circle(0, -0.1, w * 0.55), chrome, weight: .detail)
        shaded(circle(0, -0.1, w * 0.38), glassTint, weight: nil)
    }

    private mutating func shuttle() {
        let tank = mix(base * 0.8, hex(0xc86a2a), 0.4)
        // External tank behind, a booster beside it, the orbiter in front.
        shaded(blob([(0.06, -0.5), (0.15, -0.34), (0.15, 0.38), (-0.03, 0.38), (-0.03, -0.34)], tension: 0.5), tank)
        part(blob([(0.2, -0.36), (0.24, -0.28), (0.24, 0.38), (0.16, 0.38), (0.16, -0.28)], tension: 0.5), hex(0xf2f2ee), weight: .silhouette)
        part(poly([(0.16, 0.38), (0.24, 0.38), (0.26, 0.46), (0.14, 0.46)]), hex(0x3a3c40), weight: .detail)
        let span = vary(0.26, 0.3)
        body(poly([(-0.12, 0.1), (-span, 0.38), (-span, 0.42), (-0.02, 0.42)]), tone: 0.85, weight: .silhouette)
        body(blob([(-0.08, -0.3), (-0.01, -0.16), (0.0, 0.4), (-0.17, 0.4), (-0.16, -0.16)], tension: 0.5))
        mark(blob([(-0.08, -0.3), (-0.03, -0.22), (-0.14, -0.22)], tension: 0.5), hex(0x1e1e22))
        mark(boxes([(-0.13, -0.17, -0.1, -0.14), (-0.07, -0.17, -0.04, -0.14)]), hex(0x1e1e22))
        part(poly([(-0.14, 0.4), (-0.02, 0.4), (0.0, 0.47), (-0.16, 0.47)]), hex(0x3a3c40), weight: .detail)
    }
}
