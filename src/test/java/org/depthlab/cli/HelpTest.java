package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code depthlab --help} lists every command with a one-line summary, and each summary is a
 * whole sentence — not the first line of a longer description cut where the line ended.
 */
class HelpTest {

    /** The "Commands:" section of a help text: each command with its summary, wrapped lines joined. */
    static List<String[]> commandSummaries(String help) {
        List<String[]> entries = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.split("\n")) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
                continue;
            }
            if (!inCommands || line.isBlank()) {
                continue;
            }
            // "  name  Summary…" starts an entry; a line indented further continues it.
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                String[] parts = line.strip().split("\\s+", 2);
                entries.add(new String[] {parts[0], parts.length > 1 ? parts[1] : ""});
            } else if (!entries.isEmpty()) {
                String[] last = entries.get(entries.size() - 1);
                last[1] = (last[1] + " " + line.strip()).strip();
            }
        }
        return entries;
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.code(), help.err());
        List<String[]> commands = commandSummaries(help.out());
        assertTrue(commands.size() >= 9, help.out());
        for (String[] c : commands) {
            assertTrue(c[1].endsWith("."), "'" + c[0] + "' is summarised by a cut sentence: " + c[1]);
        }
    }

    /**
     * Every subcommand at any depth: the line picocli lists it by (its header, else the first
     * line of its description) is a sentence.
     */
    @Test
    void everySubcommandsSummaryLineIsASentence() {
        List<String> cut = new ArrayList<>();
        new CommandLine(new Main()).getSubcommands().values().forEach(sub -> check(sub, cut));
        assertTrue(cut.isEmpty(), "summaries that stop mid-sentence: " + cut);
    }

    private static void check(CommandLine command, List<String> cut) {
        CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
        String first = summary.length == 0 ? "" : summary[0].strip();
        if (first.isEmpty() || !first.endsWith(".") || !Character.isUpperCase(first.charAt(0))) {
            cut.add(command.getCommandSpec().qualifiedName() + ": '" + first + "'");
        }
        command.getSubcommands().values().forEach(sub -> check(sub, cut));
    }
}
