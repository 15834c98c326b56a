/// A figure of a result (a mean, a percentile, a share, a series of them)
/// compared as a reader compares figures: equal numbers are equal, and an
/// undefined figure (NaN) equals an undefined figure.
///
/// Results hold NaN for what could not be computed (the mean of no value),
/// and IEEE equality would make two summaries of the same input unequal.
/// Wrap every floating-point field of an `Equatable` result in `@Figure`
/// and let Swift synthesise `==`: a field added later is then compared
/// too, which a hand-written `==` silently forgets.
///
/// ```swift
/// struct Share: Equatable {
///     var count: Int
///     @Figure var pooled: Double
///     @Figure var perReplication: [Double]
/// }
/// ```
@propertyWrapper
public struct Figure<Value: FigureValue>: Equatable {
    public var wrappedValue: Value

    @inlinable
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    @inlinable
    public static func == (a: Figure, b: Figure) -> Bool { Value.sameFigure(a.wrappedValue, b.wrappedValue) }
}

extension Figure: Sendable where Value: Sendable {}
extension Figure: BitwiseCopyable where Value: BitwiseCopyable {}

/// A value `@Figure` compares: a floating-point number (NaN equal to NaN),
/// or a collection of them compared element by element.
public protocol FigureValue {
    /// Equal as figures: NaN equals NaN, otherwise `==`.
    static func sameFigure(_ a: Self, _ b: Self) -> Bool
}

extension Double: FigureValue {
    @inlinable
    public static func sameFigure(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
}

extension Optional: FigureValue where Wrapped: FigureValue {
    @inlinable
    public static func sameFigure(_ a: Self, _ b: Self) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): Wrapped.sameFigure(x, y)
        default: false
        }
    }
}

extension Array: FigureValue where Element: FigureValue {
    @inlinable
    public static func sameFigure(_ a: Self, _ b: Self) -> Bool { a.elementsEqual(b, by: Element.sameFigure) }
}

extension Dictionary: FigureValue where Value: FigureValue {
    @inlinable
    public static func sameFigure(_ a: Self, _ b: Self) -> Bool {
        a.count == b.count && a.allSatisfy { key, x in b[key].map { Value.sameFigure(x, $0) } ?? false }
    }
}
