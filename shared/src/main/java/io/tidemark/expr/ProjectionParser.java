package io.tidemark.expr;

import java.util.ArrayList;
import java.util.List;

/** Parses a ProjectionExpression: {@code path (',' path)*}, without overlapping paths. */
final class ProjectionParser extends ParserBase {
  private static final String PARAMETER = "ProjectionExpression";

  private ProjectionParser(String text, ExpressionContext ctx) {
    super(text, ctx, PARAMETER);
  }

  static Projection parse(String text, ExpressionContext ctx) {
    Expressions.checkText(text, PARAMETER, false);
    ProjectionParser p = new ProjectionParser(text, ctx);
    List<Path> paths = new ArrayList<>();
    paths.add(p.parsePath());
    while (p.at(Token.Type.COMMA)) {
      p.pos++;
      paths.add(p.parsePath());
    }
    p.expectEnd();
    p.checkOverlaps(paths);
    p.problems.throwFirst(PARAMETER, Problems.PROJECTION_ORDER);
    return new Projection(paths);
  }

  @Override
  boolean isKeyword(Token token) {
    return false;
  }
}
