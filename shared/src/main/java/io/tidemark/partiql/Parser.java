package io.tidemark.partiql;

import io.tidemark.wire.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for DynamoDB's PartiQL statements (AWS "PartiQL - a SQL-compatible
 * query language for Amazon DynamoDB", statement pages ql-reference.select / insert / update /
 * delete). Produces the statement trees below; {@link Compiler} turns them into native expressions.
 *
 * <pre>
 * statement := (select | insert | update | delete | EXISTS '(' select ')') [';']
 * select    := SELECT ('*' | path (',' path)*) FROM name ['.' name] [WHERE expr]
 *              [ORDER BY name [ASC|DESC] (',' name [ASC|DESC])*]
 * insert    := INSERT INTO name VALUE expr
 * update    := UPDATE name (SET path '=' expr (',' path '=' expr)* | REMOVE path (',' path)*)+
 *              WHERE expr [returning]
 * delete    := DELETE FROM name WHERE expr [returning]
 * returning := RETURNING (ALL | MODIFIED) (OLD | NEW) '*'
 * expr      := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | comparison
 * comparison:= additive [ cmp additive | [NOT] BETWEEN additive AND additive | [NOT] IN (seq | additive)
 *                       | IS [NOT] type ]
 * additive  := unary (('+' | '-') unary)*;  unary := ('-' | '+') unary | primary
 * primary   := literal | '?' | path | name '(' [expr (',' expr)*] ')' | '(' expr (',' expr)* ')'
 *            | '[' ... ']' | '&lt;&lt;' ... '&gt;&gt;' | '{' expr ':' expr, ... '}'
 * </pre>
 *
 * Keywords ignore case. Parameters ({@code ?}) are bound as they are read, in statement order.
 */
final class Parser {
  /** Words that cannot be a bare attribute or table name (quote them to use them as names). */
  private static final Set<String> KEYWORDS = Set.of(
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "BETWEEN", "LIKE", "ORDER", "BY", "ASC", "DESC",
      "INSERT", "INTO", "VALUE", "VALUES", "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING", "EXISTS", "AS", "AT",
      "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "GROUP", "HAVING", "LIMIT", "OFFSET",
      "UNION", "INTERSECT", "EXCEPT", "DISTINCT", "ALL", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "PIVOT",
      "UNPIVOT", "CREATE", "DROP", "NULL", "MISSING", "TRUE", "FALSE");
  /** Keywords that are infix operators: where a term should start DynamoDB says "Unexpected operator". */
  private static final Set<String> OPERATOR_KEYWORDS = Set.of("AND", "OR", "IN", "IS", "BETWEEN", "LIKE");
  private static final Set<String> JOIN_KEYWORDS = Set.of("JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS");
  private static final Set<String> UNSUPPORTED_CLAUSES = Set.of("GROUP", "HAVING", "LIMIT", "OFFSET", "UNION",
      "INTERSECT", "EXCEPT");
  /** The type names PartiQL knows after IS; only some have a DynamoDB equivalent. */
  private static final Set<String> TYPE_NAMES = Set.of("MISSING", "NULL", "BOOL", "BOOLEAN", "SMALLINT", "INT",
      "INTEGER", "INT2", "INT4", "INT8", "BIGINT", "FLOAT", "REAL", "DOUBLE", "DECIMAL", "NUMERIC", "CHAR", "CHARACTER",
      "VARCHAR", "STRING", "SYMBOL", "CLOB", "BLOB", "STRUCT", "TUPLE", "LIST", "SEXP", "BAG", "DATE", "TIME",
      "TIMESTAMP", "ANY");

  record SelectAst(String table, String index, List<Expr.PathRef> projection, Expr where, List<OrderBy> orderBy) {}

  record InsertAst(String table, Expr item) {}

  /** One SET ({@code value} non-null) or REMOVE action. */
  record Action(Expr.PathRef path, Expr value) {}

  record UpdateAst(String table, List<Action> actions, Expr where, ReturnValues returnValues) {}

  record DeleteAst(String table, Expr where, ReturnValues returnValues) {}

  record ExistsAst(SelectAst select) {}

  private final List<Token> tokens;
  private final List<AttributeValue> parameters;
  private int pos;
  private int parametersUsed;

  private Parser(String text, List<AttributeValue> parameters) {
    this.tokens = Lexer.tokenize(text);
    this.parameters = parameters == null ? List.of() : parameters;
  }

  /** Parses one statement into a SelectAst, InsertAst, UpdateAst, DeleteAst or ExistsAst. */
  static Object parse(String text, List<AttributeValue> parameters) {
    Parser p = new Parser(text, parameters);
    Object statement = p.statement();
    if (p.at(Token.Type.SEMI)) {
      p.pos++;
    }
    if (!p.at(Token.Type.EOF)) {
      throw Errors.malformed(PartiQlMessages.LEFTOVER);
    }
    if (p.parametersUsed != p.parameters.size()) {
      throw Errors.validation(PartiQlMessages.PARAMETER_COUNT);
    }
    return statement;
  }

  // ---- statements

  private Object statement() {
    Token t = peek();
    if (t.is("SELECT")) {
      return select();
    }
    if (t.is("INSERT")) {
      return insert();
    }
    if (t.is("UPDATE")) {
      return update();
    }
    if (t.is("DELETE")) {
      return delete();
    }
    if (t.is("EXISTS")) {
      pos++;
      expect(Token.Type.LPAREN, "(");
      if (!peek().is("SELECT")) {
        throw Errors.malformed(PartiQlMessages.UNEXPECTED_TERM);
      }
      SelectAst select = select();
      expect(Token.Type.RPAREN, ")");
      return new ExistsAst(select);
    }
    throw Errors.malformed(PartiQlMessages.EXPECTED_DML);
  }

  private SelectAst select() {
    pos++;
    if (peek().is("VALUE") || peek().is("PIVOT")) {
      throw Errors.validation(PartiQlMessages.VALUE_OR_PIVOT);
    }
    if (peek().is("DISTINCT")) {
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_OPERATION, "DISTINCT");
    }
    List<Expr.PathRef> projection = projection();
    if (!peek().is("FROM")) {
      throw Errors.malformed(at(Token.Type.EOF) ? PartiQlMessages.UNEXPECTED_TERM : PartiQlMessages.LEFTOVER);
    }
    pos++;
    String[] source = selectSource();
    Expr where = null;
    if (peek().is("WHERE")) {
      pos++;
      where = expr();
    }
    List<OrderBy> orderBy = List.of();
    if (peek().is("ORDER")) {
      pos++;
      expectKeyword("BY");
      orderBy = orderBy();
      if (where == null && peek().is("WHERE")) {
        throw Errors.malformed(PartiQlMessages.LEFTOVER);
      }
      if (where == null) {
        throw Errors.validation(PartiQlMessages.ORDER_BY_WITHOUT_WHERE);
      }
    }
    rejectUnsupportedClause();
    return new SelectAst(source[0], source[1], projection, where, orderBy);
  }

  /** The projection list, or null for {@code *}. */
  private List<Expr.PathRef> projection() {
    boolean star = false;
    List<Expr.PathRef> paths = new ArrayList<>();
    do {
      if (!paths.isEmpty() || star) {
        pos++;
      }
      if (at(Token.Type.STAR)) {
        if (star || !paths.isEmpty()) {
          throw Errors.validation(PartiQlMessages.STAR_AND_OTHER_ATTRIBUTES);
        }
        pos++;
        star = true;
        continue;
      }
      if (star) {
        throw Errors.validation(PartiQlMessages.STAR_AND_OTHER_ATTRIBUTES);
      }
      Expr e = additive();
      if (!(e instanceof Expr.PathRef path)) {
        throw Errors.validation(PartiQlMessages.UNSUPPORTED_OPERATION, "projection of " + Expr.kind(e) + " in select clause");
      }
      if (peek().is("AS") || (at(Token.Type.IDENT) && !peek().is("FROM") && !KEYWORDS.contains(upper(peek())))) {
        throw Errors.validation(PartiQlMessages.ALIASING);
      }
      paths.add(path);
    } while (at(Token.Type.COMMA));
    return star ? null : paths;
  }

  /** {@code table} or {@code table.index} after SELECT ... FROM; [table, index-or-null]. */
  private String[] selectSource() {
    Token t = peek();
    if (t.type == Token.Type.LPAREN) {
      throw Errors.validation(PartiQlMessages.UNEXPECTED_FROM_SOURCE);
    }
    if (t.type == Token.Type.LBRACKET) {
      throw Errors.validation(PartiQlMessages.INVALID_SOURCE_AS_LIST);
    }
    if (t.type != Token.Type.QUOTED && t.type != Token.Type.IDENT) {
      throw startOfTermError();
    }
    if (t.type == Token.Type.IDENT && KEYWORDS.contains(upper(t))) {
      throw Errors.malformed(PartiQlMessages.UNEXPECTED_KEYWORD);
    }
    pos++;
    String table = checkTableName(t.text);
    String index = null;
    if (at(Token.Type.DOT)) {
      pos++;
      Token i = peek();
      if (i.type != Token.Type.QUOTED && i.type != Token.Type.IDENT) {
        throw Errors.validation(PartiQlMessages.INVALID_SOURCE_WITH_DOT);
      }
      pos++;
      index = i.text;
      if (index.isEmpty()) {
        throw Errors.validation(PartiQlMessages.EMPTY_PATH_COMPONENT);
      }
      if (at(Token.Type.DOT)) {
        throw Errors.validation(PartiQlMessages.FROM_PATH_TOO_LONG);
      }
    }
    if (at(Token.Type.LBRACKET)) {
      throw Errors.validation("Unexpected path component");
    }
    Token next = peek();
    if (next.type == Token.Type.COMMA || (next.type == Token.Type.IDENT && JOIN_KEYWORDS.contains(upper(next)))) {
      throw Errors.validation(PartiQlMessages.SELECT_MULTIPLE_FROM);
    }
    rejectAlias("WHERE", "ORDER");
    return new String[] {table, index};
  }

  private List<OrderBy> orderBy() {
    List<OrderBy> keys = new ArrayList<>(2);
    do {
      if (!keys.isEmpty()) {
        pos++;
      }
      Expr e = additive();
      if (!(e instanceof Expr.PathRef path) || !path.isTopLevel()) {
        throw Errors.validation(PartiQlMessages.ORDER_BY_ARGUMENT, Expr.kind(e));
      }
      boolean descending = false;
      if (peek().is("DESC")) {
        descending = true;
        pos++;
      } else if (peek().is("ASC")) {
        pos++;
      }
      keys.add(new OrderBy(path.topLevelName(), descending));
    } while (at(Token.Type.COMMA));
    return List.copyOf(keys);
  }

  private void rejectUnsupportedClause() {
    Token t = peek();
    if (t.type == Token.Type.IDENT && UNSUPPORTED_CLAUSES.contains(upper(t))) {
      String clause = upper(t);
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_CLAUSE, clause.equals("GROUP") ? "GROUP BY" : clause);
    }
  }

  private InsertAst insert() {
    pos++;
    expectKeyword("INTO");
    String table = dmlTable();
    Token t = peek();
    if (t.is("VALUES") || t.type == Token.Type.LBAG) {
      throw Errors.validation(PartiQlMessages.INSERT_MULTIPLE);
    }
    if (!t.is("VALUE")) {
      throw Errors.malformed(at(Token.Type.EOF) ? PartiQlMessages.UNEXPECTED_TERM : PartiQlMessages.LEFTOVER);
    }
    pos++;
    Expr item = expr();
    if (item instanceof Expr.BagLit || item instanceof Expr.ListLit || item instanceof Expr.SeqLit) {
      throw Errors.validation(PartiQlMessages.INSERT_MULTIPLE);
    }
    Token after = peek();
    if (after.is("AT")) {
      throw Errors.validation(PartiQlMessages.INSERT_AT);
    }
    if (after.is("RETURNING")) {
      throw Errors.validation(PartiQlMessages.INSERT_RETURNING);
    }
    if (after.is("WHERE") || after.is("FROM")) {
      throw Errors.validation(PartiQlMessages.INSERT_FROM_WHERE);
    }
    return new InsertAst(table, item);
  }

  private UpdateAst update() {
    pos++;
    String table = dmlTable();
    rejectAlias("SET", "REMOVE", "WHERE", "RETURNING", "ADD", "DELETE", "INSERT");
    List<Action> actions = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t.is("SET")) {
        pos++;
        do {
          if (at(Token.Type.COMMA)) {
            pos++;
          }
          Expr.PathRef target = assignmentTarget();
          expect(Token.Type.EQ, "=");
          actions.add(new Action(target, expr()));
        } while (at(Token.Type.COMMA));
      } else if (t.is("REMOVE")) {
        pos++;
        do {
          if (at(Token.Type.COMMA)) {
            pos++;
          }
          actions.add(new Action(assignmentTarget(), null));
        } while (at(Token.Type.COMMA));
      } else if (t.is("ADD") || t.is("DELETE") || t.is("INSERT")) {
        throw Errors.validation(PartiQlMessages.ONLY_SET_AND_REMOVE);
      } else {
        break;
      }
    }
    if (actions.isEmpty()) {
      throw Errors.malformed(PartiQlMessages.EXPECTED_DML);
    }
    Expr where = requiredWhere();
    return new UpdateAst(table, actions, where, returning(false));
  }

  private Expr.PathRef assignmentTarget() {
    Token t = peek();
    Expr e = primary();
    if (!(e instanceof Expr.PathRef path)) {
      throw Errors.validation(PartiQlMessages.UNRECOGNIZED_ASSIGNMENT_TARGET, t.text);
    }
    return path;
  }

  private DeleteAst delete() {
    pos++;
    expectKeyword("FROM");
    String table = dmlTable();
    rejectAlias("WHERE", "RETURNING");
    Expr where = requiredWhere();
    return new DeleteAst(table, where, returning(true));
  }

  /**
   * UPDATE and DELETE name one item by its full key in WHERE; without WHERE they name none, which
   * DynamoDB reports as a missing key equality.
   */
  private Expr requiredWhere() {
    if (peek().is("WHERE")) {
      pos++;
      return expr();
    }
    if (at(Token.Type.EOF) || at(Token.Type.SEMI) || peek().is("RETURNING")) {
      throw Errors.validation(PartiQlMessages.INCOMPLETE_KEY);
    }
    throw Errors.malformed(PartiQlMessages.LEFTOVER);
  }

  private ReturnValues returning(boolean delete) {
    if (!peek().is("RETURNING")) {
      return ReturnValues.NONE;
    }
    pos++;
    boolean all = peek().is("ALL");
    if (!all && !peek().is("MODIFIED")) {
      throw Errors.validation(PartiQlMessages.RETURNING_SYNTAX);
    }
    pos++;
    boolean old = peek().is("OLD");
    if (!old && !peek().is("NEW")) {
      throw Errors.validation(PartiQlMessages.RETURNING_SYNTAX);
    }
    pos++;
    expect(Token.Type.STAR, null, PartiQlMessages.RETURNING_SYNTAX);
    if (at(Token.Type.COMMA)) {
      throw Errors.validation(PartiQlMessages.RETURNING_MULTIPLE);
    }
    ReturnValues rv = all ? (old ? ReturnValues.ALL_OLD : ReturnValues.ALL_NEW)
        : (old ? ReturnValues.UPDATED_OLD : ReturnValues.UPDATED_NEW);
    if (delete && rv != ReturnValues.ALL_OLD) {
      throw Errors.validation(PartiQlMessages.DELETE_RETURNING, (all ? "ALL" : "MODIFIED") + " " + (old ? "OLD" : "NEW") + " *");
    }
    return rv;
  }

  /** The single table of INSERT, UPDATE and DELETE: no index, no second table. */
  private String dmlTable() {
    Token t = peek();
    if (t.type != Token.Type.QUOTED && !(t.type == Token.Type.IDENT && !KEYWORDS.contains(upper(t)))) {
      throw Errors.malformed(PartiQlMessages.EXPECTED_SIMPLE_PATH);
    }
    pos++;
    if (at(Token.Type.DOT) || at(Token.Type.COMMA) || at(Token.Type.LBRACKET)) {
      throw Errors.validation(PartiQlMessages.DML_INVALID_FROM);
    }
    return checkTableName(t.text);
  }

  /** A name right after the table, or AS, is an alias, which DynamoDB does not support. */
  private void rejectAlias(String... clauses) {
    Token t = peek();
    if (t.type == Token.Type.QUOTED || t.is("AS") || t.is("AT")) {
      throw Errors.validation(PartiQlMessages.ALIASING);
    }
    if (t.type == Token.Type.IDENT) {
      String word = upper(t);
      for (String clause : clauses) {
        if (clause.equals(word)) {
          return;
        }
      }
      if (!KEYWORDS.contains(word)) {
        throw Errors.validation(PartiQlMessages.ALIASING);
      }
    }
  }

  private static String checkTableName(String name) {
    boolean ok = name.length() >= 3 && name.length() <= 255;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }
    if (!ok) {
      throw Errors.validation(PartiQlMessages.INVALID_TABLE_NAME);
    }
    return name;
  }

  // ---- expressions

  Expr expr() {
    Expr left = and();
    while (peek().is("OR")) {
      pos++;
      left = new Expr.Binary(Expr.Op.OR, left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peek().is("AND")) {
      pos++;
      left = new Expr.Binary(Expr.Op.AND, left, not());
    }
    return left;
  }

  private Expr not() {
    if (peek().is("NOT")) {
      pos++;
      return new Expr.Not(not());
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = additive();
    Token t = peek();
    Expr.Op op = Expr.Op.comparison(t);
    if (op != null) {
      pos++;
      return new Expr.Binary(op, left, additive());
    }
    boolean negated = false;
    if (t.is("NOT") && (peek(1).is("BETWEEN") || peek(1).is("IN") || peek(1).is("LIKE"))) {
      negated = true;
      pos++;
      t = peek();
    }
    if (t.is("BETWEEN")) {
      pos++;
      Expr lower = additive();
      expectKeyword("AND");
      return new Expr.Between(left, lower, additive(), negated);
    }
    if (t.is("IN")) {
      pos++;
      return new Expr.In(left, inMembers(), negated);
    }
    if (t.is("LIKE")) {
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_CONDITION_OPERATOR, "LIKE");
    }
    if (t.is("IS")) {
      pos++;
      boolean not = false;
      if (peek().is("NOT")) {
        not = true;
        pos++;
      }
      return new Expr.Is(left, typeName(), not);
    }
    return left;
  }

  /** The right side of IN: a parenthesised or bracketed list (DynamoDB's "Seq"), at least one member. */
  private List<Expr> inMembers() {
    Expr rhs;
    if (at(Token.Type.LPAREN)) {
      if (peek(1).is("SELECT")) {
        throw Errors.validation(PartiQlMessages.INVALID_IN);
      }
      pos++;
      List<Expr> members = new ArrayList<>();
      if (!at(Token.Type.RPAREN)) {
        members.add(expr());
        while (at(Token.Type.COMMA)) {
          pos++;
          members.add(expr());
        }
      }
      expect(Token.Type.RPAREN, ")");
      rhs = new Expr.SeqLit(members);
    } else {
      rhs = additive();
    }
    List<Expr> members;
    if (rhs instanceof Expr.SeqLit seq) {
      members = seq.elements();
    } else if (rhs instanceof Expr.ListLit list) {
      members = list.elements();
    } else {
      throw Errors.validation(PartiQlMessages.INVALID_IN);
    }
    if (members.isEmpty()) {
      throw Errors.validation(PartiQlMessages.INVALID_IN);
    }
    return members;
  }

  private String typeName() {
    Token t = peek();
    if (t.type != Token.Type.IDENT || !TYPE_NAMES.contains(upper(t))) {
      throw Errors.malformed(PartiQlMessages.EXPECTED_TYPE_NAME);
    }
    pos++;
    String name = upper(t);
    // the two-word type names
    if (name.equals("DOUBLE") && peek().is("PRECISION")) {
      pos++;
      name = "DOUBLE PRECISION";
    } else if (name.equals("CHARACTER") && peek().is("VARYING")) {
      pos++;
      name = "CHARACTER VARYING";
    }
    return name;
  }

  private Expr additive() {
    Expr left = unary();
    while (at(Token.Type.PLUS) || at(Token.Type.MINUS)) {
      Expr.Op op = at(Token.Type.PLUS) ? Expr.Op.PLUS : Expr.Op.MINUS;
      pos++;
      left = new Expr.Binary(op, left, unary());
    }
    return left;
  }

  private Expr unary() {
    if (at(Token.Type.MINUS) || at(Token.Type.PLUS)) {
      boolean minus = at(Token.Type.MINUS);
      pos++;
      Expr operand = unary();
      if (operand instanceof Expr.Num num) {
        if (!minus) {
          return num;
        }
        String text = num.text();
        return new Expr.Num(text.startsWith("-") ? text.substring(1) : "-" + text);
      }
      throw Errors.validation(PartiQlMessages.UNSUPPORTED_OPERATION, "unary " + (minus ? "-" : "+") + " on " + Expr.kind(operand));
    }
    return primary();
  }

  private Expr primary() {
    Token t = peek();
    switch (t.type) {
      case NUMBER:
        pos++;
        return new Expr.Num(t.text);
      case STRING:
        pos++;
        return new Expr.Lit(AttributeValue.s(t.text));
      case PARAM:
        pos++;
        return new Expr.Lit(parameter());
      case QUOTED:
        return path();
      case LPAREN: {
        if (peek(1).is("SELECT")) {
          throw Errors.validation(PartiQlMessages.UNSUPPORTED_OPERATION, "subquery");
        }
        pos++;
        Expr first = expr();
        if (!at(Token.Type.COMMA)) {
          expect(Token.Type.RPAREN, ")");
          return first;
        }
        List<Expr> elements = new ArrayList<>();
        elements.add(first);
        while (at(Token.Type.COMMA)) {
          pos++;
          elements.add(expr());
        }
        expect(Token.Type.RPAREN, ")");
        return new Expr.SeqLit(elements);
      }
      case LBRACKET:
        pos++;
        return new Expr.ListLit(elements(Token.Type.RBRACKET, "]"));
      case LBAG:
        pos++;
        return new Expr.BagLit(bagElements());
      case LBRACE:
        pos++;
        return tuple();
      case IDENT:
        return identifierTerm(t);
      default:
        throw startOfTermError();
    }
  }

  private Expr identifierTerm(Token t) {
    String word = upper(t);
    switch (word) {
      case "TRUE":
        pos++;
        return new Expr.Lit(AttributeValue.TRUE);
      case "FALSE":
        pos++;
        return new Expr.Lit(AttributeValue.FALSE);
      case "NULL":
        pos++;
        return new Expr.Lit(AttributeValue.NULL);
      case "MISSING":
        pos++;
        return new Expr.Missing();
      case "EXISTS":
        throw Errors.validation(PartiQlMessages.UNSUPPORTED_CONDITION_OPERATOR, "EXISTS");
      default:
        break;
    }
    if (KEYWORDS.contains(word)) {
      throw Errors.malformed(OPERATOR_KEYWORDS.contains(word)
          ? PartiQlMessages.UNEXPECTED_OPERATOR : PartiQlMessages.UNEXPECTED_KEYWORD);
    }
    if (peek(1).type == Token.Type.LPAREN) {
      pos += 2;
      List<Expr> args = elements(Token.Type.RPAREN, ")");
      return new Expr.Call(t.text.toLowerCase(Locale.ROOT), args);
    }
    return path();
  }

  /** Comma-separated expressions up to {@code close} (already past the opening token). */
  private List<Expr> elements(Token.Type close, String closeText) {
    List<Expr> elements = new ArrayList<>();
    if (at(close)) {
      pos++;
      return elements;
    }
    elements.add(expr());
    while (at(Token.Type.COMMA)) {
      pos++;
      elements.add(expr());
    }
    expect(close, closeText);
    return elements;
  }

  /** A set literal's members; DynamoDB takes no parameter inside one (a set goes as one SS/NS/BS parameter). */
  private List<Expr> bagElements() {
    List<Expr> elements = new ArrayList<>();
    if (at(Token.Type.RBAG)) {
      pos++;
      return elements;
    }
    do {
      if (!elements.isEmpty()) {
        pos++;
      }
      if (at(Token.Type.PARAM)) {
        throw Errors.validation(PartiQlMessages.BAG_TYPE);
      }
      elements.add(additive());
    } while (at(Token.Type.COMMA));
    expect(Token.Type.RBAG, ">>");
    return elements;
  }

  private Expr tuple() {
    List<Expr> keys = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    if (at(Token.Type.RBRACE)) {
      pos++;
      return new Expr.TupleLit(keys, values);
    }
    do {
      if (!keys.isEmpty()) {
        pos++;
      }
      keys.add(expr());
      expect(Token.Type.COLON, ":");
      values.add(expr());
    } while (at(Token.Type.COMMA));
    expect(Token.Type.RBRACE, "}");
    return new Expr.TupleLit(keys, values);
  }

  /** {@code name ('.' name | '[' index ']' | '[' 'key' ']')*}. */
  private Expr.PathRef path() {
    List<Object> elements = new ArrayList<>(2);
    elements.add(pathName(peek()));
    pos++;
    while (true) {
      if (at(Token.Type.DOT)) {
        pos++;
        Token t = peek();
        if (t.type == Token.Type.STAR) {
          throw Errors.validation(PartiQlMessages.UNPIVOT_PATH);
        }
        if (t.type != Token.Type.IDENT && t.type != Token.Type.QUOTED) {
          throw startOfTermError();
        }
        elements.add(pathName(t));
        pos++;
      } else if (at(Token.Type.LBRACKET)) {
        pos++;
        Token t = peek();
        if (t.type == Token.Type.STAR) {
          throw Errors.validation(PartiQlMessages.WILDCARD_PATH);
        }
        if (t.type == Token.Type.STRING) {
          elements.add(pathName(t));
        } else if (t.type == Token.Type.NUMBER && t.text.chars().allMatch(Character::isDigit)) {
          try {
            elements.add(Integer.parseInt(t.text));
          } catch (NumberFormatException e) {
            throw Errors.validation(PartiQlMessages.LIST_INDEX_RANGE, t.text);
          }
        } else {
          throw Errors.validation("Unexpected path component");
        }
        pos++;
        expect(Token.Type.RBRACKET, "]");
      } else {
        return new Expr.PathRef(List.copyOf(elements));
      }
    }
  }

  private static String pathName(Token t) {
    if (t.text.isEmpty()) {
      throw Errors.validation(PartiQlMessages.EMPTY_PATH_COMPONENT);
    }
    return t.text;
  }

  private AttributeValue parameter() {
    if (parametersUsed >= parameters.size()) {
      throw Errors.validation(PartiQlMessages.PARAMETER_COUNT);
    }
    AttributeValue value = parameters.get(parametersUsed++);
    if (value == null) {
      throw Errors.validation(PartiQlMessages.PARAMETER_COUNT);
    }
    return value;
  }

  /** The error for a token that cannot start a term, as DynamoDB distinguishes them. */
  private RuntimeException startOfTermError() {
    Token t = peek();
    if (t.type == Token.Type.EOF || t.type == Token.Type.SEMI) {
      Token prev = pos > 0 ? tokens.get(pos - 1) : null;
      boolean afterInfix = prev != null && (prev.isComparison() || prev.type == Token.Type.PLUS
          || prev.type == Token.Type.MINUS || prev.is("AND") || prev.is("OR"));
      return Errors.malformed(afterInfix ? PartiQlMessages.MISSING_RIGHT_HAND_SIDE : PartiQlMessages.UNEXPECTED_TERM);
    }
    if (t.isComparison()) {
      return Errors.malformed(PartiQlMessages.UNEXPECTED_OPERATOR);
    }
    if (t.type == Token.Type.IDENT && KEYWORDS.contains(upper(t))) {
      return Errors.malformed(OPERATOR_KEYWORDS.contains(upper(t))
          ? PartiQlMessages.UNEXPECTED_OPERATOR : PartiQlMessages.UNEXPECTED_KEYWORD);
    }
    return Errors.malformed(PartiQlMessages.UNEXPECTED_TERM);
  }

  // ---- tokens

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private boolean at(Token.Type type) {
    return tokens.get(pos).type == type;
  }

  private void expect(Token.Type type, String what) {
    expect(type, what, null);
  }

  /** Consumes a token of {@code type}; otherwise fails with {@code message}, or "Expected what". */
  private void expect(Token.Type type, String what, String message) {
    if (!at(type)) {
      if (message != null) {
        throw Errors.validation(message);
      }
      if (at(Token.Type.EOF) || at(Token.Type.SEMI)) {
        throw Errors.malformed(PartiQlMessages.UNEXPECTED_TERM);
      }
      throw Errors.malformed("Expected " + what);
    }
    pos++;
  }

  private void expectKeyword(String keyword) {
    if (!peek().is(keyword)) {
      if (at(Token.Type.EOF) || at(Token.Type.SEMI)) {
        throw Errors.malformed(PartiQlMessages.UNEXPECTED_TERM);
      }
      throw Errors.malformed("Expected " + keyword);
    }
    pos++;
  }

  private static String upper(Token t) {
    return t.text.toUpperCase(Locale.ROOT);
  }
}
