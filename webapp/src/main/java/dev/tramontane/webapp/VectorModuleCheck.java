package dev.tramontane.webapp;

/**
 * The engine's kernels need the incubating Vector API. Without it the JVM would fall back to
 * scalar code many times slower, so the application stops with instructions instead.
 */
final class VectorModuleCheck {

    static final String MODULE = "jdk.incubator.vector";

    private VectorModuleCheck() {}

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    static void requireVectorModule() {
        if (!vectorModulePresent()) {
            System.err.println("""
                    Tramontane needs the Java Vector API, which this JVM was started without.
                    Start it with './tramontane serve', or add the JVM option:
                        --add-modules jdk.incubator.vector
                    (for example: java --add-modules jdk.incubator.vector -jar webapp/target/tramontane.jar)""");
            System.exit(1);
        }
    }
}
