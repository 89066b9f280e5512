package dev.jtune.magics.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A command whose options are partly built in code (from a schema) rather than all declared by annotations. */
interface BuildsOwnSpec {
    /** The complete spec, with this object as its user object. */
    CommandSpec buildSpec();
}
