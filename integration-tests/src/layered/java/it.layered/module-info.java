/**
 * A named module that the integration test compiles and a fixture loads into a custom module
 * layer ({@code ModuleLayer.defineModulesWithOneLoader}), as plug-in systems do.
 */
module it.layered {
    exports it.layered;
}
