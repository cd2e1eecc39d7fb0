extension PlanProblem {
    /// Which rule a plan breaks: stable for tools and tests, while the message is for people.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedYAML, wrongType, missingKey, unknownKey, emptyValue
            case invalidDuration, invalidTime, unknownWeekday, unknownValue, outOfRange
            case duplicateName, duplicateFlagKey
            case unknownTier, unknownService, unknownPromotionWindow, unknownTimeZone
            case serviceInNoPhase, serviceInTwoPhases, emptyPhase
            case unknownDependency, duplicateDependency, dependencyCycle, dependencyInLaterPhase
            case noSteps, stepsNotIncreasing, stepsNotEndingAt100, approvalOnMissingStep
            case sampleLongerThanMonitoring, emptyWindow, invalidThreshold, conflictingOptions, invalidTarget
            case invalidHeader, unknownPlaceholder, invalidTemplate, other
            case invalidQuery, invalidURL
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file is not YAML (libyaml's message and position), or its document is empty.
        public static let malformedYAML = Code(.malformedYAML)
        /// A value has the wrong type, e.g. a string where a number is expected.
        public static let wrongType = Code(.wrongType)
        /// A required key is missing.
        public static let missingKey = Code(.missingKey)
        /// A key is not part of the plan format (the message suggests the closest one).
        public static let unknownKey = Code(.unknownKey)
        /// A name, list or text is empty where something is required.
        public static let emptyValue = Code(.emptyValue)
        /// A duration is not written like `30s`, `30m`, `2h`, `1d` or `1h30m`, or is not positive.
        public static let invalidDuration = Code(.invalidDuration)
        /// A time of day is not `HH:MM`.
        public static let invalidTime = Code(.invalidTime)
        /// A weekday name is not one of monday … sunday.
        public static let unknownWeekday = Code(.unknownWeekday)
        /// A value is not one of the accepted names (channel, severity, read preference, action).
        public static let unknownValue = Code(.unknownValue)
        /// A number is outside its range, e.g. a percentage outside 0–100.
        public static let outOfRange = Code(.outOfRange)
        /// Two tiers, services, phases, windows or routes share a name.
        public static let duplicateName = Code(.duplicateName)
        /// Two services share a flag key.
        public static let duplicateFlagKey = Code(.duplicateFlagKey)
        /// A service names a tier the plan does not define.
        public static let unknownTier = Code(.unknownTier)
        /// A phase names a service the plan does not define.
        public static let unknownService = Code(.unknownService)
        /// A phase names a promotion window the plan does not define.
        public static let unknownPromotionWindow = Code(.unknownPromotionWindow)
        /// The plan's time zone is not a known identifier.
        public static let unknownTimeZone = Code(.unknownTimeZone)
        /// A service is in no phase, so it would never run.
        public static let serviceInNoPhase = Code(.serviceInNoPhase)
        /// A service is listed in more than one phase (or twice in one).
        public static let serviceInTwoPhases = Code(.serviceInTwoPhases)
        /// A phase has no services.
        public static let emptyPhase = Code(.emptyPhase)
        /// `dependsOn` names a service the plan does not define.
        public static let unknownDependency = Code(.unknownDependency)
        /// `dependsOn` names the same service twice.
        public static let duplicateDependency = Code(.duplicateDependency)
        /// Services depend on each other in a circle.
        public static let dependencyCycle = Code(.dependencyCycle)
        /// A service depends on one that runs in a later phase: no schedule can satisfy it.
        public static let dependencyInLaterPhase = Code(.dependencyInLaterPhase)
        /// A tier or service has no steps.
        public static let noSteps = Code(.noSteps)
        /// Steps are not strictly increasing.
        public static let stepsNotIncreasing = Code(.stepsNotIncreasing)
        /// The last step is not 100.
        public static let stepsNotEndingAt100 = Code(.stepsNotEndingAt100)
        /// `approvalFrom` is not one of the steps it gates.
        public static let approvalOnMissingStep = Code(.approvalOnMissingStep)
        /// The sample interval is longer than the monitoring interval it samples.
        public static let sampleLongerThanMonitoring = Code(.sampleLongerThanMonitoring)
        /// A promotion window starts at or after its end, or has no weekdays.
        public static let emptyWindow = Code(.emptyWindow)
        /// A custom threshold has no bound, or its minimum is above its maximum.
        public static let invalidThreshold = Code(.invalidThreshold)
        /// An option only makes sense together with another that is off.
        public static let conflictingOptions = Code(.conflictingOptions)
        /// A notification target, or the variable naming a metrics source's URL, is not an
        /// environment variable name.
        public static let invalidTarget = Code(.invalidTarget)
        /// A notification header is not `Name: value`, or refers to a malformed variable name.
        public static let invalidHeader = Code(.invalidHeader)
        /// A notification body names a placeholder that does not exist.
        public static let unknownPlaceholder = Code(.unknownPlaceholder)
        /// A notification body is not JSON once its placeholders are filled in.
        public static let invalidTemplate = Code(.invalidTemplate)
        /// A metrics source's query names an unknown template variable, leaves `{{` open, or is empty.
        public static let invalidQuery = Code(.invalidQuery)
        /// A metrics source's URL is not an absolute `http` or `https` URL with a host.
        public static let invalidURL = Code(.invalidURL)
        /// Any other problem of a plan built in code.
        public static let other = Code(.other)

        public var description: String { base.rawValue }
    }
}
