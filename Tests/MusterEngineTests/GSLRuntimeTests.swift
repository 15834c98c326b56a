import CGSL
import Foundation
import Testing
import MusterEngine

@Suite("GSLRuntime")
struct GSLRuntimeTests {
    @Test func configureIsIdempotent() {
        #expect(GSLRuntime.configure())
        #expect(GSLRuntime.configure())
    }

    @Test func badArgumentsReturnInsteadOfAborting() {
        GSLRuntime.configure()
        // p = 2 is no probability: GSL signals GSL_EDOM and returns NaN.
        #expect(gsl_cdf_binomial_P(3, 2.0, 10).isNaN)
        // A negative number of degrees of freedom.
        let t = gsl_cdf_tdist_Pinv(0.975, -1)
        #expect(!(t > 0 && t.isFinite && t < 100), "t = \(t)")
        // n = 0 is invalid for gsl_rng_uniform_int: GSL signals GSL_EINVAL and returns 0.
        #expect(RandomStream.sequential(key: 1).uniformInt(below: 0) == 0)
    }

    /// The probe really does reach GSL's error handler: without `configure`
    /// the default handler aborts the process.
    @Test func withoutConfigureTheProbeAborts() async {
        await #expect(processExitsWith: .signal(SIGABRT)) {
            _ = gsl_cdf_binomial_P(3, 2.0, 10)
        }
    }

    /// In a fresh process, `configure` alone is enough to survive the probe.
    @Test func configureInAFreshProcessPreventsTheAbort() async {
        await #expect(processExitsWith: .success) {
            GSLRuntime.configure()
            let p = gsl_cdf_binomial_P(3, 2.0, 10)
            exit(p.isNaN ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }

    /// Creating a random stream configures GSL as a side effect.
    @Test func creatingAStreamConfiguresGSL() async {
        await #expect(processExitsWith: .success) {
            let s = RandomStream.keyed()
            _ = s.uniformInt(below: 0)
            exit(gsl_cdf_binomial_P(3, 2.0, 10).isNaN ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }
}
