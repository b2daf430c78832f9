package dev.orgexport.cli.operator;

import dev.orgexport.schema.task.ExportKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses an export kind by its wire name; a wrong one is a usage error listing the valid kinds. */
public final class ExportKindConverter implements ITypeConverter<ExportKind> {
    @Override
    public ExportKind convert(String value) {
        try {
            return ExportKind.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
